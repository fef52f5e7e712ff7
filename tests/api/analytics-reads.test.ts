import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Community, call, seedTemplate, startCommunity, testApp, usageEvent } from "./helpers.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
const ID = "busy-template";
let community: Community;
let app: Hono;

/** What the API asked DynamoDB for: commands sent and items they answered with. */
const reads = { calls: 0, items: 0 };

beforeAll(async () => {
  community = await startCommunity("ar-");
  await seedTemplate(community, { template_id: ID });
  // Every command of the app's client passes through here (the document client shares its middleware stack).
  community.client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const output = out.output as { Items?: unknown[]; Item?: unknown; Responses?: Record<string, unknown[]> };
      reads.calls++;
      reads.items += output.Items?.length ?? (output.Item ? 1 : 0) + Object.values(output.Responses ?? {}).reduce((n, r) => n + r.length, 0);
      return out;
    },
    { step: "initialize", name: "countReads" },
  );
  app = testApp(community, { now: () => NOW });
});
afterAll(() => community.close());

/** Posts `n` events spread over users, kinds and the last two days (all within the grace period). */
async function traffic(n: number, offset: number): Promise<void> {
  const kinds = ["download", "launch", "launch_succeeded", "launch_failed"];
  for (let i = 0; i < n; i += 50)
    await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async (_, j) => {
        const k = offset + i + j;
        const res = await call(app, "POST", `/templates/${ID}/usage`, {
          user: `user-${k % 97}`,
          body: usageEvent(ID, kinds[k % kinds.length] ?? "download", new Date(NOW.getTime() - (k % 40) * HOUR)),
        });
        expect(res.status).toBe(201);
      }),
    );
}

async function measuredAnalytics() {
  reads.calls = 0;
  reads.items = 0;
  const res = await call(app, "GET", `/templates/${ID}/analytics`);
  expect(res.status).toBe(200);
  return { body: res.body as { windows: Record<string, Record<string, number>> }, calls: reads.calls, items: reads.items };
}

describe("GET …/analytics", () => {
  it("reads the same bounded number of DynamoDB items whether there are 60 events or 660", { timeout: 120_000 }, async () => {
    await traffic(60, 0);
    const small = await measuredAnalytics();
    const smallTotal = Object.entries(small.body.windows["7d"] ?? {})
      .filter(([k]) => ["downloads", "launches", "launch_successes", "launch_failures"].includes(k))
      .reduce((n, [, v]) => n + v, 0);
    expect(smallTotal).toBe(60);

    await traffic(600, 60);
    const large = await measuredAnalytics();
    expect(large.body.windows["7d"]).toMatchObject({ downloads: 165, launches: 165, launch_successes: 165, launch_failures: 165 });
    // The template's item and one query of daily rollups: at most 1 + 90 items, never one per event.
    expect(large.calls).toBe(small.calls);
    expect(large.items).toBe(small.items);
    expect(large.items).toBeLessThanOrEqual(1 + 90);
  });
});
