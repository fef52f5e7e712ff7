import { randomUUID } from "node:crypto";
import { QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCommunityData } from "../../core/build/read-stats.js";
import { syncStats } from "../../core/community/sync-stats.js";
import { tableName } from "../../core/community/tables.js";
import { successRate } from "../../core/spec/ratings.js";
import { type Community, call, seedTemplate, startCommunity, testApp, usageEvent } from "./helpers.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let community: Community;
let app: Hono;
let clock = NOW;

beforeAll(async () => {
  community = await startCommunity("us-");
  for (const id of ["hot-template", "retry-template", "check-template"]) await seedTemplate(community, { template_id: id });
  app = testApp(community, { now: () => clock });
});
afterAll(() => community.close());

const events = async (templateId: string) =>
  ((await community.doc.send(new ScanCommand({ TableName: tableName("usageAnalytics", community.prefix), ConsistentRead: true }))).Items ?? []).filter(
    (e) => e.template_id === templateId,
  );
const analytics = async (id: string) => (await call(app, "GET", `/templates/${id}/analytics`)).body as Record<string, Record<string, Record<string, number>>>;
const sync = (now: Date) => syncStats({ client: community.client, tablePrefix: community.prefix, now });

describe("usage events", () => {
  it("counts 500 concurrent launches of one template exactly 500 times", { timeout: 120_000 }, async () => {
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        call(app, "POST", "/templates/hot-template/usage", {
          user: `user-${i % 50}`,
          body: usageEvent("hot-template", "launch", new Date(NOW.getTime() - (i % 3) * HOUR)),
        }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect(await events("hot-template")).toHaveLength(500);
    expect((await analytics("hot-template")).windows?.["7d"]?.launches).toBe(500);

    await sync(NOW);
    const { stats } = await readCommunityData(community.client, community.prefix);
    // Trending counts people, not events: 50 users, each once a day.
    expect(stats.get("hot-template")).toMatchObject({ launches: 500, downloads: 0, trending_7d: 50, trending_30d: 50 });
    expect((await call(app, "GET", "/templates/hot-template")).body).toMatchObject({ launches: 500, trending_7d: 50 });
  });

  it("counts 50 retries of one event once, and refuses the same key for a different event", async () => {
    const event = usageEvent("retry-template", "download", NOW);
    const retries = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(app, "POST", "/templates/retry-template/usage", { user: "flaky", body: event, headers: { "idempotency-key": String(event.event_id) } }),
      ),
    );
    expect(retries.filter((r) => r.status === 201)).toHaveLength(1);
    expect(retries.filter((r) => r.status === 200 && r.body.status === "duplicate")).toHaveLength(49);
    for (let i = 0; i < 5; i++)
      expect((await call(app, "POST", "/templates/retry-template/usage", { user: "flaky", body: event })).body.status).toBe("duplicate");
    expect(await events("retry-template")).toHaveLength(1);
    expect((await analytics("retry-template")).windows?.["7d"]?.downloads).toBe(1);

    const reused = await call(app, "POST", "/templates/retry-template/usage", { user: "flaky", body: { ...event, event: "launch" } });
    expect(reused).toMatchObject({ status: 409, body: { error: "EVENT_ID_REUSED" } });
    const otherUser = await call(app, "POST", "/templates/retry-template/usage", { user: "someone-else", body: event });
    expect(otherUser.status).toBe(409);
    await sync(NOW);
    expect((await readCommunityData(community.client, community.prefix)).stats.get("retry-template")).toMatchObject({ downloads: 1, launches: 0 });
  });

  it("treats an event_id in upper case, or as a urn:uuid:, as the same key", async () => {
    await seedTemplate(community, { template_id: "case-template" });
    const event = usageEvent("case-template", "download", NOW);
    const id = String(event.event_id);
    const first = await call(app, "POST", "/templates/case-template/usage", { user: "shouter", body: event });
    expect(first).toMatchObject({ status: 201, body: { event_id: id, status: "recorded" } });
    for (const spelling of [id.toUpperCase(), `urn:uuid:${id}`, `URN:UUID:${id.toUpperCase()}`]) {
      const again = await call(app, "POST", "/templates/case-template/usage", {
        user: "shouter",
        body: { ...event, event_id: spelling },
        headers: { "idempotency-key": spelling },
      });
      expect(again, spelling).toMatchObject({ status: 200, body: { event_id: id, status: "duplicate" } });
    }
    expect((await events("case-template")).map((e) => e.event_id)).toEqual([id]);
    expect((await analytics("case-template")).windows?.["7d"]?.downloads).toBe(1);
    // The header is compared in the canonical form too.
    const fresh = usageEvent("case-template", "download", NOW);
    const mixed = await call(app, "POST", "/templates/case-template/usage", {
      user: "shouter",
      body: fresh,
      headers: { "idempotency-key": String(fresh.event_id).toUpperCase() },
    });
    expect(mixed.status).toBe(201);
  });

  it("refuses bad events with field errors and writes nothing", async () => {
    const ok = usageEvent("check-template", "launch", NOW);
    const bad: [Record<string, unknown>, string][] = [
      [{ ...ok, event: "launch_success" }, "/event"],
      [{ ...ok, event_id: "not-a-uuid" }, "/event_id"],
      [{ ...ok, template_id: "hot-template" }, "/template_id"],
      [{ ...ok, occurred_at: new Date(NOW.getTime() + HOUR).toISOString() }, "/occurred_at"],
      [{ ...ok, occurred_at: new Date(NOW.getTime() - 3 * DAY).toISOString() }, "/occurred_at"],
      [{ ...ok, occurred_at: "yesterday" }, "/occurred_at"],
      [{ ...ok, surprise: true }, "/surprise"],
    ];
    for (const [body, pointer] of bad) {
      const res = await call(app, "POST", "/templates/check-template/usage", { user: "tester", body });
      expect(res.status, pointer).toBe(400);
      expect(res.body.errors, pointer).toContainEqual(expect.objectContaining({ in: "body", pointer }));
    }
    const header = await call(app, "POST", "/templates/check-template/usage", { user: "tester", body: ok, headers: { "idempotency-key": randomUUID() } });
    expect(header.body.errors).toContainEqual(expect.objectContaining({ in: "header", pointer: "/idempotency-key" }));
    expect(await events("check-template")).toEqual([]);
    expect((await call(app, "POST", "/templates/unknown-template/usage", { user: "tester", body: usageEvent("unknown-template", "launch", NOW) })).status).toBe(
      404,
    );
  });
});

describe("daily buckets and windows", () => {
  it("seals final days into usage-daily, and the windows, success rate and trending stay exact across sealing", async () => {
    // Seeded only now, so the other tests' sync-stats runs have not sealed any of its days yet.
    await seedTemplate(community, { template_id: "bucket-template" });
    // Events over the last 40 days, reported while each was within its grace period.
    const plan: [number, string, number][] = [
      [0, "launch", 3],
      [0, "launch_succeeded", 2],
      [0, "launch_failed", 1],
      [1, "download", 4],
      [5, "launch", 2],
      [6, "fork", 1],
      [10, "launch", 5],
      [10, "launch_succeeded", 5],
      [29, "download", 7],
      [35, "launch", 6],
    ];
    for (const [daysAgo, event, count] of plan) {
      clock = new Date(NOW.getTime() - daysAgo * DAY);
      for (let i = 0; i < count; i++) {
        // One user per event of a day, so every event counts and each day's users are its largest count.
        const res = await call(app, "POST", "/templates/bucket-template/usage", {
          user: `steady-${i}`,
          body: usageEvent("bucket-template", event, new Date(clock.getTime() - HOUR)),
        });
        expect(res.status).toBe(201);
      }
    }
    clock = NOW;
    const live = await analytics("bucket-template");
    expect(live.sealed_through).toBeUndefined();
    const expected7 = { days: 7, launches: 5, downloads: 4, launch_successes: 2, launch_failures: 1, forks: 1, success_rate: 0.67, trending_score: 9 };
    const expected30 = { days: 30, launches: 10, downloads: 11, launch_successes: 7, launch_failures: 1, forks: 1, success_rate: 0.88, trending_score: 21 };
    expect(live.windows?.["7d"]).toEqual(expected7);
    expect(live.windows?.["30d"]).toEqual(expected30);
    expect(live.windows?.["90d"]).toMatchObject({ launches: 16, downloads: 11, trending_score: 27 });

    const [result] = (await sync(NOW)).filter((r) => r.template_id === "bucket-template");
    // Days up to three days back are final (2 days of grace, then a margin).
    expect(result?.sealed_through).toBe("2026-11-24");
    const buckets = await community.doc.send(
      new QueryCommand({
        TableName: tableName("usageDaily", community.prefix),
        KeyConditionExpression: "template_id = :t",
        ExpressionAttributeValues: { ":t": "bucket-template" },
      }),
    );
    // Final days are recounted and sealed; the open days are the rollups the API keeps as events arrive.
    expect((buckets.Items ?? []).filter((b) => b.sealed_at).map((b) => b.day)).toEqual(["2026-10-23", "2026-10-29", "2026-11-17", "2026-11-21", "2026-11-22"]);
    expect((buckets.Items ?? []).filter((b) => !b.sealed_at).map((b) => b.day)).toEqual(["2026-11-26", "2026-11-27"]);
    expect(buckets.Items?.find((b) => b.day === "2026-11-17")).toMatchObject({ launch: 5, launch_succeeded: 5, download: 0, users: 5 });

    const sealed = await analytics("bucket-template");
    expect(sealed.sealed_through).toBe("2026-11-24");
    expect(sealed.windows).toEqual(live.windows);
    expect(sealed.daily).toEqual(live.daily);

    const stats = (await readCommunityData(community.client, community.prefix)).stats.get("bucket-template");
    expect(stats).toMatchObject({ launches: 16, downloads: 11, launch_successes: 7, launch_failures: 1, trending_7d: 9, trending_30d: 21 });
    expect(successRate(stats ?? ({} as never))).toBe(0.88);

    // Sealed days take no more events, even from a client whose clock is off.
    const late = await call(app, "POST", "/templates/bucket-template/usage", {
      user: "steady",
      body: usageEvent("bucket-template", "launch", new Date("2026-11-24T23:00:00Z")),
    });
    clock = new Date("2026-11-25T12:00:00Z");
    const skewed = await call(app, "POST", "/templates/bucket-template/usage", {
      user: "steady",
      body: usageEvent("bucket-template", "launch", new Date("2026-11-24T23:00:00Z")),
    });
    clock = NOW;
    expect(late.status).toBe(400);
    expect(skewed.body.errors).toContainEqual(expect.objectContaining({ pointer: "/occurred_at", message: expect.stringContaining("already final") }));

    // Re-running is a no-op, and a week later the 7-day window has moved on.
    await sync(NOW);
    expect((await readCommunityData(community.client, community.prefix)).stats.get("bucket-template")).toEqual(stats);
    await sync(new Date(NOW.getTime() + 7 * DAY));
    expect((await readCommunityData(community.client, community.prefix)).stats.get("bucket-template")).toMatchObject({
      launches: 16,
      downloads: 11,
      trending_7d: 0,
      trending_30d: 14,
    });
  });
});
