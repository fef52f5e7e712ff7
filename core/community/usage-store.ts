import { GetCommand, PutCommand, type QueryCommandInput, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { UsageEvent } from "../types/generated.js";
import { COUNT_LIMITS, VERIFICATION_DELAY_MS } from "./limits.js";
import { ACTIVE_EVENTS, type DayCounts, USAGE_EVENTS, zeroDay } from "./stats.js";
import { failedCondition, queryAll, type Tables, written } from "./table-access.js";
import { DAY_MS, dayOf, EVENT_GRACE_MS } from "./time.js";

/** How long the event log keeps an event (DynamoDB TTL on expires_at); its day is sealed into usage-daily long before. */
export const EVENT_RETENTION_DAYS = 400;

export interface StoredEvent extends UsageEvent {
  user: string;
  principal?: string;
  received_at: string;
  expires_at: number;
  /** Whether the counting limits let it count; false until decided. Events older than the limits have no flag. */
  counted?: boolean;
  /** Set once the event's rollup increment was claimed, so a retry never adds it twice. */
  rolled_up?: boolean;
  /** This event made its user one of the day's active users (the first counted download or launch). */
  first_active?: boolean;
}

export type RecordOutcome = { status: "conflict" } | { status: "recorded" | "duplicate"; counted: boolean };

/** Who owns verification evidence: the signed IAM principal in Lambda mode, else the handle. */
export function evidenceOwner(handle: string, principal?: string): string {
  return principal ?? handle;
}

/**
 * The usage tables: the event log (usage-analytics), the per-user daily counters behind the
 * counting limits (user-daily-usage), the template rollups (usage-daily) and the evidence behind
 * verified_usage (user-usage). Every at-most-once step is one conditional write on one item.
 */
export class UsageStore {
  constructor(private readonly t: Tables) {}

  /**
   * Records an event once per event_id and counts it at most once. A retry with the same content
   * is a duplicate and re-runs every later step, each idempotent, so a request that died half-way
   * is completed by its retry:
   *  1. the event, conditional on its key (counted: false);
   *  2. the verification evidence (launch, then launch_succeeded after it);
   *  3. the user's daily counter: one conditional ADD under the event's limit, which remembers
   *     the ids it counted, so concurrent requests can never pass the limit;
   *  4. the event's claim on its rollup (rolled_up), then the template-day rollup's ADD.
   */
  async record(event: StoredEvent): Promise<RecordOutcome> {
    const stored = await this.putEvent(event);
    if (stored === "conflict") return { status: "conflict" };
    const status = stored === event ? "recorded" : "duplicate";
    const [, { counted, firstActive }] = await Promise.all([this.recordEvidence(stored), this.countTowardsLimit(stored)]);
    if (await this.claimRollup(stored, counted, firstActive)) {
      if (counted) await this.addToRollup(stored, firstActive);
    }
    return { status, counted };
  }

  private async putEvent(event: StoredEvent): Promise<StoredEvent | "conflict"> {
    try {
      await this.t.doc.send(
        new PutCommand({
          TableName: this.t.table("usageAnalytics"),
          Item: { ...event, counted: false },
          ConditionExpression: "attribute_not_exists(event_id)",
        }),
      );
      return event;
    } catch (error) {
      if (!failedCondition(error)) throw error;
    }
    const existing = (
      await this.t.doc.send(new GetCommand({ TableName: this.t.table("usageAnalytics"), Key: { event_id: event.event_id }, ConsistentRead: true }))
    ).Item as StoredEvent | undefined;
    const same =
      existing !== undefined &&
      existing.template_id === event.template_id &&
      existing.event === event.event &&
      existing.occurred_at === event.occurred_at &&
      existing.user === event.user;
    return same ? existing : "conflict";
  }

  /** launch: when it was first recorded; launch_succeeded: when, if a launch was recorded before it. */
  private async recordEvidence(e: StoredEvent): Promise<void> {
    const Key = { user: evidenceOwner(e.user, e.principal), template_id: e.template_id };
    if (e.event === "launch") {
      await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.table("userUsage"),
          Key,
          UpdateExpression: "SET launch_recorded_at = if_not_exists(launch_recorded_at, :r), launch_occurred_at = if_not_exists(launch_occurred_at, :o)",
          ExpressionAttributeValues: { ":r": e.received_at, ":o": e.occurred_at },
        }),
      );
    } else if (e.event === "launch_succeeded") {
      try {
        await this.t.doc.send(
          new UpdateCommand({
            TableName: this.t.table("userUsage"),
            Key,
            UpdateExpression: "SET success_recorded_at = if_not_exists(success_recorded_at, :r)",
            // The launch came first: recorded before this success, and said to have happened before it.
            ConditionExpression: "launch_recorded_at <= :r AND launch_occurred_at <= :o",
            ExpressionAttributeValues: { ":r": e.received_at, ":o": e.occurred_at },
          }),
        );
      } catch (error) {
        if (!failedCondition(error)) throw error;
      }
    }
  }

  /** The user's daily counter for this event's template and day, added to only under the limit. */
  private async countTowardsLimit(e: StoredEvent): Promise<{ counted: boolean; firstActive: boolean }> {
    const day = dayOf(e.occurred_at);
    const Key = { user: e.user, template_day: `${e.template_id}/${day}` };
    const active = ACTIVE_EVENTS.has(e.event);
    try {
      const out = await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.table("userDailyUsage"),
          Key,
          UpdateExpression: `ADD #e :one, counted_ids :ids SET expires_at = :exp${active ? ", first_active = if_not_exists(first_active, :id)" : ""}`,
          ConditionExpression: "(attribute_not_exists(#e) OR #e < :max) AND (attribute_not_exists(counted_ids) OR NOT contains(counted_ids, :id))",
          ExpressionAttributeNames: { "#e": e.event },
          ExpressionAttributeValues: {
            ":one": 1,
            ":ids": new Set([e.event_id]),
            ":id": e.event_id,
            ":max": COUNT_LIMITS[e.event],
            // Kept until its day can take no more events.
            ":exp": Math.floor((Date.parse(`${day}T00:00:00Z`) + DAY_MS + EVENT_GRACE_MS + DAY_MS) / 1000),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { counted: true, firstActive: out.Attributes?.first_active === e.event_id };
    } catch (error) {
      if (!failedCondition(error)) throw error;
    }
    // Refused: over the limit, or this very event was counted by an earlier attempt.
    const item = (await this.t.doc.send(new GetCommand({ TableName: this.t.table("userDailyUsage"), Key, ConsistentRead: true }))).Item;
    const counted = (item?.counted_ids as Set<string> | undefined)?.has(e.event_id) === true;
    return { counted, firstActive: counted && item?.first_active === e.event_id };
  }

  /** Records the decision on the event; true for the one request that may add it to the rollup. */
  private async claimRollup(e: StoredEvent, counted: boolean, firstActive: boolean): Promise<boolean> {
    return written(
      this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.table("usageAnalytics"),
          Key: { event_id: e.event_id },
          UpdateExpression: "SET counted = :c, first_active = :f, rolled_up = :t",
          ConditionExpression: "attribute_not_exists(rolled_up)",
          ExpressionAttributeValues: { ":c": counted, ":f": firstActive, ":t": true },
        }),
      ),
    );
  }

  private async addToRollup(e: StoredEvent, firstActive: boolean): Promise<void> {
    await this.t.doc.send(
      new UpdateCommand({
        TableName: this.t.table("usageDaily"),
        Key: { template_id: e.template_id, day: dayOf(e.occurred_at) },
        UpdateExpression: firstActive ? "ADD #e :one, #u :one" : "ADD #e :one",
        ExpressionAttributeNames: { "#e": e.event, ...(firstActive ? { "#u": "users" } : {}) },
        ExpressionAttributeValues: { ":one": 1 },
      }),
    );
  }

  /**
   * True when the owner's evidence verifies usage at `at`: a launch_succeeded, recorded after a
   * launch, at least VERIFICATION_DELAY_MS before.
   */
  async isVerified(owner: string, templateId: string, at: Date): Promise<boolean> {
    const out = await this.t.doc.send(
      new GetCommand({ TableName: this.t.table("userUsage"), Key: { user: owner, template_id: templateId }, ConsistentRead: true }),
    );
    const success = out.Item?.success_recorded_at;
    return typeof success === "string" && Date.parse(success) <= at.getTime() - VERIFICATION_DELAY_MS;
  }

  /** A template's events with occurred_at at or after `from` (all of them without it): sync-stats' recount. */
  async eventsSince(templateId: string, from?: string): Promise<{ event: string; occurred_at: string; user?: string; counted?: boolean }[]> {
    const items = await this.queryAll({
      TableName: this.t.table("usageAnalytics"),
      IndexName: "template-time-index",
      KeyConditionExpression: from ? "template_id = :t AND occurred_at >= :f" : "template_id = :t",
      ExpressionAttributeValues: { ":t": templateId, ...(from ? { ":f": from } : {}) },
      ProjectionExpression: "#e, occurred_at, #u, counted",
      ExpressionAttributeNames: { "#e": "event", "#u": "user" },
    });
    return items.map((i) => ({
      event: String(i.event),
      occurred_at: String(i.occurred_at),
      ...(typeof i.user === "string" ? { user: i.user } : {}),
      ...(typeof i.counted === "boolean" ? { counted: i.counted } : {}),
    }));
  }

  /** Daily rollups, optionally limited to days in [from, to]: one query on one partition, at most one item a day. */
  async dailyBuckets(templateId: string, from?: string, to?: string): Promise<Map<string, DayCounts>> {
    const range = from && to ? " AND #d BETWEEN :f AND :to" : from ? " AND #d >= :f" : to ? " AND #d <= :to" : "";
    const items = await this.queryAll({
      TableName: this.t.table("usageDaily"),
      KeyConditionExpression: `template_id = :t${range}`,
      ExpressionAttributeNames: range ? { "#d": "day" } : undefined,
      ExpressionAttributeValues: { ":t": templateId, ...(from ? { ":f": from } : {}), ...(to ? { ":to": to } : {}) },
    });
    const out = new Map<string, DayCounts>();
    for (const item of items) {
      const counts = zeroDay();
      for (const e of USAGE_EVENTS) if (typeof item[e] === "number") counts[e] = item[e] as number;
      if (typeof item.users === "number") counts.users = item.users;
      out.set(String(item.day), counts);
    }
    return out;
  }

  /** sync-stats: a final day's exact recount from the event log replaces its rollup. */
  async putBucket(templateId: string, day: string, counts: DayCounts, sealedAt: string): Promise<void> {
    await this.t.doc.send(new PutCommand({ TableName: this.t.table("usageDaily"), Item: { template_id: templateId, day, ...counts, sealed_at: sealedAt } }));
  }

  private queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    return queryAll(this.t.doc, input);
  }
}
