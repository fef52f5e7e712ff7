import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCommunityData } from "../../core/build/read-stats.js";
import { COUNT_LIMITS } from "../../core/community/limits.js";
import { syncStats } from "../../core/community/sync-stats.js";
import { tableName } from "../../core/community/tables.js";
import { type Community, call, seedTemplate, startCommunity, testApp, usageEvent } from "./helpers.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
const ID = "inflated-template";
let community: Community;
let app: Hono;
let clock = NOW;

beforeAll(async () => {
  community = await startCommunity("lim-");
  await seedTemplate(community, { template_id: ID });
  app = testApp(community, { now: () => clock });
});
afterAll(() => community.close());

const post = (user: string, event: string, at: Date) => call(app, "POST", `/templates/${ID}/usage`, { user, body: usageEvent(ID, event, at) });
const analytics = async () =>
  (await call(app, "GET", `/templates/${ID}/analytics`)).body as { windows: Record<string, Record<string, number>>; daily: Record<string, unknown>[] };
const stored = async () =>
  ((await community.doc.send(new ScanCommand({ TableName: tableName("usageAnalytics", community.prefix), ConsistentRead: true }))).Items ?? []).filter(
    (e) => e.template_id === ID,
  );

describe("counting limits", () => {
  it("counts at most N downloads and M launches per user, template and day, however many arrive at once", { timeout: 120_000 }, async () => {
    expect(COUNT_LIMITS).toMatchObject({ download: 5, launch: 10 });
    // One caller floods the template: 60 launches and 30 downloads, all at once.
    const flood = await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => post("flooder", "launch", new Date(NOW.getTime() - (i % 5) * HOUR))),
      ...Array.from({ length: 30 }, (_, i) => post("flooder", "download", new Date(NOW.getTime() - (i % 5) * HOUR))),
    ]);
    expect(flood.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const counted = (event: string) => flood.filter((r) => r.body.event === event && r.body.counted === true).length;
    expect(counted("launch")).toBe(COUNT_LIMITS.launch);
    expect(counted("download")).toBe(COUNT_LIMITS.download);
    // Everything is stored; only what the limits allow is counted.
    const log = await stored();
    expect(log).toHaveLength(90);
    expect(log.filter((e) => e.counted === true)).toHaveLength(COUNT_LIMITS.launch + COUNT_LIMITS.download);

    // Two other users count in full, each once towards trending.
    for (const user of ["alice", "bob"]) expect((await post(user, "launch", NOW)).body).toMatchObject({ status: "recorded", counted: true });
    const live = await analytics();
    expect(live.windows["7d"]).toMatchObject({ launches: COUNT_LIMITS.launch + 2, downloads: COUNT_LIMITS.download, trending_score: 3 });
    expect(live.daily).toEqual([expect.objectContaining({ date: "2026-11-27", launch: COUNT_LIMITS.launch + 2, download: COUNT_LIMITS.download, users: 3 })]);

    // A retry of a counted event stays counted once; of an uncounted one, stays uncounted.
    const countedOne = flood.find((r) => r.body.event === "launch" && r.body.counted === true);
    const leftOut = flood.find((r) => r.body.event === "launch" && r.body.counted === false);
    for (const [receipt, expected] of [
      [countedOne, true],
      [leftOut, false],
    ] as const) {
      const original = log.find((e) => e.event_id === receipt?.body.event_id);
      const again = await call(app, "POST", `/templates/${ID}/usage`, {
        user: "flooder",
        body: { event_id: original?.event_id, template_id: ID, event: "launch", occurred_at: original?.occurred_at, client: "cws/test" },
      });
      expect(again.body).toMatchObject({ status: "duplicate", counted: expected });
    }
    expect((await analytics()).windows["7d"]).toEqual(live.windows["7d"]);

    // The next day the flooder counts again, up to the limit.
    clock = new Date(NOW.getTime() + 24 * HOUR);
    const tomorrow = await Promise.all(Array.from({ length: 15 }, () => post("flooder", "launch", clock)));
    expect(tomorrow.filter((r) => r.body.counted === true)).toHaveLength(COUNT_LIMITS.launch);

    // sync-stats' recount from the event log agrees, and trending is distinct users per day.
    const [result] = (await syncStats({ client: community.client, tablePrefix: community.prefix, now: clock })).filter((r) => r.template_id === ID);
    expect(result?.stats).toMatchObject({ launches: 2 * COUNT_LIMITS.launch + 2, downloads: COUNT_LIMITS.download, trending_7d: 4, trending_30d: 4 });
    expect((await readCommunityData(community.client, community.prefix)).stats.get(ID)).toMatchObject({
      launches: 2 * COUNT_LIMITS.launch + 2,
      trending_7d: 4,
    });
    clock = NOW;
  });
});
