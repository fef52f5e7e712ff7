import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery, paginateScan, type QueryCommandInput, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type TableKey, tableName } from "../dynamo/tables.js";
import type { CommunityReview, Report, Review } from "../types/generated.js";
import { pickReviewFields } from "./review-fields.js";
import { UsageStore } from "./usage-store.js";

export type Item = Record<string, unknown>;

/** Most helpful voters one review keeps (its voter set lives on the review item, capped well below 400 KB). */
export const MAX_VOTERS = 5000;

/** A review item: review.schema.json fields plus what only the store needs. */
export interface ReviewItem extends Review {
  version: number;
  status: "visible" | "hidden";
  reply?: CommunityReview["reply"];
  helpful_voters?: Set<string>;
  /** The IAM principal (Lambda mode) behind the reviewer handle. */
  principal?: string;
  moderation?: { action: "hidden" | "restored"; by: string; at: string; note?: string };
}

export type ReportItem = Report;

/** What the API serves of a review item: never the voter set, principal or moderation notes. */
export function publicReview(item: ReviewItem): CommunityReview {
  const out = pickReviewFields(item);
  out.status = item.status ?? "visible";
  out.helpful_votes = typeof item.helpful_votes === "number" ? item.helpful_votes : 0;
  out.version = typeof item.version === "number" ? item.version : 1;
  if (item.reply) out.reply = item.reply;
  return out as unknown as CommunityReview;
}

const failedCondition = (error: unknown) => (error as { name?: string }).name === "ConditionalCheckFailedException";

/**
 * The community tables behind the API, sync-stats and moderation. Every write that must happen
 * at most once is a single conditional write on one item (dynalite has no transactions, and none
 * are needed): a review on its (template, reviewer) key, a vote in the review's voter set, a report
 * on its (reporter, target) digest; the usage tables' steps are in core/community/usage-store.ts.
 */
export class CommunityStore {
  readonly doc: DynamoDBDocumentClient;
  /** The usage tables: events, counting limits, rollups, verification evidence. */
  readonly usage: UsageStore;
  private readonly prefix: string | undefined;

  constructor(client: DynamoDBClient, prefix?: string) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.prefix = prefix;
    this.usage = new UsageStore(this);
  }

  table(key: TableKey): string {
    return tableName(key, this.prefix);
  }

  // ---- catalog (community-templates, written by publish and sync-stats) ----

  async getTemplate(id: string): Promise<Item | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table("communityTemplates"), Key: { template_id: id } }));
    return out.Item;
  }

  async scanTemplates(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table("communityTemplates") })) items.push(...(page.Items ?? []));
    return items;
  }

  async templatesInCategory(category: string): Promise<Item[]> {
    return this.queryAll({
      TableName: this.table("communityTemplates"),
      IndexName: "category-index",
      KeyConditionExpression: "category = :c",
      ExpressionAttributeValues: { ":c": category },
    });
  }

  // ---- reviews ----

  /** Conditional put: false when this reviewer already reviewed the template. */
  async createReview(item: ReviewItem): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.table("templateReviews"), Item: item, ConditionExpression: "attribute_not_exists(reviewer)" }));
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async getReview(templateId: string, reviewer: string): Promise<ReviewItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table("templateReviews"), Key: { template_id: templateId, reviewer }, ConsistentRead: true }),
    );
    return out.Item as ReviewItem | undefined;
  }

  async reviewsOf(templateId: string): Promise<ReviewItem[]> {
    const items = await this.queryAll({
      TableName: this.table("templateReviews"),
      KeyConditionExpression: "template_id = :t",
      ExpressionAttributeValues: { ":t": templateId },
    });
    return items as unknown as ReviewItem[];
  }

  /**
   * The author's edit, applied only if the stored version is still `expected`. Returns the new
   * item, or why not: missing, or a conflict carrying the current version.
   */
  async editReview(
    templateId: string,
    reviewer: string,
    expected: number,
    changes: Partial<Pick<ReviewItem, "rating" | "title" | "content" | "use_case" | "template_version" | "verified_usage">>,
    now: string,
  ): Promise<{ item: ReviewItem } | { missing: true } | { conflict: number }> {
    const names: Record<string, string> = { "#v": "version", "#u": "updated_at" };
    const values: Record<string, unknown> = { ":expected": expected, ":one": 1, ":now": now };
    const sets = ["#u = :now", "#v = #v + :one"];
    for (const [i, [key, value]] of Object.entries(changes).entries()) {
      if (value === undefined) continue;
      names[`#c${i}`] = key;
      values[`:c${i}`] = value;
      sets.push(`#c${i} = :c${i}`);
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table("templateReviews"),
          Key: { template_id: templateId, reviewer },
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "attribute_exists(reviewer) AND #v = :expected",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return { item: out.Attributes as ReviewItem };
    } catch (error) {
      if (!failedCondition(error)) throw error;
      const current = await this.getReview(templateId, reviewer);
      return current ? { conflict: current.version ?? 1 } : { missing: true };
    }
  }

  /** Adds the voter to the review's voter set and counts the vote, atomically and at most once. */
  async vote(templateId: string, reviewer: string, voter: string): Promise<{ votes: number } | { refused: "missing" | "duplicate" | "full" }> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table("templateReviews"),
          Key: { template_id: templateId, reviewer },
          UpdateExpression: "ADD helpful_voters :voters, helpful_votes :one",
          ConditionExpression:
            "attribute_exists(reviewer) AND (attribute_not_exists(#s) OR #s <> :hidden) AND (attribute_not_exists(helpful_voters) OR (NOT contains(helpful_voters, :voter) AND size(helpful_voters) < :max))",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":voters": new Set([voter]), ":voter": voter, ":one": 1, ":hidden": "hidden", ":max": MAX_VOTERS },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { votes: Number(out.Attributes?.helpful_votes ?? 0) };
    } catch (error) {
      if (!failedCondition(error)) throw error;
      const current = await this.getReview(templateId, reviewer);
      if (!current || current.status === "hidden") return { refused: "missing" };
      return { refused: current.helpful_voters?.has(voter) ? "duplicate" : "full" };
    }
  }

  /** Takes the voter's vote back; refused when they had not voted. */
  async unvote(templateId: string, reviewer: string, voter: string): Promise<{ votes: number } | { refused: "missing" | "not-voted" }> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table("templateReviews"),
          Key: { template_id: templateId, reviewer },
          UpdateExpression: "DELETE helpful_voters :voters ADD helpful_votes :minus",
          ConditionExpression: "attribute_exists(reviewer) AND (attribute_not_exists(#s) OR #s <> :hidden) AND contains(helpful_voters, :voter)",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":voters": new Set([voter]), ":voter": voter, ":minus": -1, ":hidden": "hidden" },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { votes: Number(out.Attributes?.helpful_votes ?? 0) };
    } catch (error) {
      if (!failedCondition(error)) throw error;
      const current = await this.getReview(templateId, reviewer);
      return { refused: !current || current.status === "hidden" ? "missing" : "not-voted" };
    }
  }

  /** Sets (or, with undefined, removes) the publisher's reply; false when the review is gone. */
  async setReply(templateId: string, reviewer: string, reply: ReviewItem["reply"] | undefined): Promise<ReviewItem | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table("templateReviews"),
          Key: { template_id: templateId, reviewer },
          UpdateExpression: reply ? "SET reply = :r" : "REMOVE reply",
          ConditionExpression: "attribute_exists(reviewer)",
          ...(reply ? { ExpressionAttributeValues: { ":r": reply } } : {}),
          ReturnValues: "ALL_NEW",
        }),
      );
      return out.Attributes as ReviewItem;
    } catch (error) {
      if (failedCondition(error)) return undefined;
      throw error;
    }
  }

  /** Moderation: hides or restores a review. Returns the updated item, or undefined when missing. */
  async setReviewStatus(
    templateId: string,
    reviewer: string,
    status: "visible" | "hidden",
    by: string,
    at: string,
    note?: string,
  ): Promise<ReviewItem | undefined> {
    const moderation = { action: status === "hidden" ? "hidden" : "restored", by, at, ...(note ? { note } : {}) };
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table("templateReviews"),
          Key: { template_id: templateId, reviewer },
          UpdateExpression: "SET #s = :s, moderation = :m",
          ConditionExpression: "attribute_exists(reviewer)",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":s": status, ":m": moderation },
          ReturnValues: "ALL_NEW",
        }),
      );
      return out.Attributes as ReviewItem;
    } catch (error) {
      if (failedCondition(error)) return undefined;
      throw error;
    }
  }

  /** sync-stats: a review becomes verified once its author's evidence is old enough (core/community/usage-store.ts). */
  async markVerified(templateId: string, reviewer: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table("templateReviews"),
          Key: { template_id: templateId, reviewer },
          UpdateExpression: "SET verified_usage = :t",
          ConditionExpression: "attribute_exists(reviewer) AND verified_usage = :f",
          ExpressionAttributeValues: { ":t": true, ":f": false },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  // ---- reports ----

  /** Files a report; false when the same reporter already has an open report on the same target. */
  async createReport(report: ReportItem): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table("communityReports"),
          Item: report,
          ConditionExpression: "attribute_not_exists(report_id) OR #s <> :open",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":open": "open" },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async getReport(id: string): Promise<ReportItem | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table("communityReports"), Key: { report_id: id }, ConsistentRead: true }));
    return out.Item as ReportItem | undefined;
  }

  /** The moderation queue: reports with a status, oldest first. */
  async reportsByStatus(status: ReportItem["status"]): Promise<ReportItem[]> {
    const items = await this.queryAll({
      TableName: this.table("communityReports"),
      IndexName: "status-index",
      KeyConditionExpression: "#s = :s",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": status },
    });
    return items as unknown as ReportItem[];
  }

  /** Closes an open report; false when it is missing or no longer open. */
  async closeReport(id: string, status: "resolved" | "dismissed", by: string, at: string, note?: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table("communityReports"),
          Key: { report_id: id },
          UpdateExpression: `SET #s = :s, resolved_at = :at, resolved_by = :by${note ? ", resolution = :note" : ""}`,
          ConditionExpression: "#s = :open",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":s": status, ":at": at, ":by": by, ":open": "open", ...(note ? { ":note": note } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of paginateQuery({ client: this.doc }, input)) items.push(...(page.Items ?? []));
    return items;
  }
}
