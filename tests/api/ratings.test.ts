import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { readCommunityData } from "../../core/build/read-stats.js";
import { bayesianRating, meanRating } from "../../core/spec/ratings.js";
import type { ApiReviews, Catalog } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";
import { type Community, call, REVIEW, runScriptAsync, seedTemplate, startCommunity, testApp, usageEvent } from "./helpers.js";

// Real registry ids, so the build itself can rank them.
const MANY = "pytorch-gpu-workstation";
const ONE = "jupyter-data-science";
const WEIGHTED = "genomics-pipeline-v3";
let community: Community;
let app: Hono;

beforeAll(async () => {
  community = await startCommunity("rt-");
  for (const id of [MANY, ONE, WEIGHTED]) await seedTemplate(community, { template_id: id });
  app = testApp(community);
});
afterAll(async () => {
  await community.close();
});

describe("ratings", () => {
  it("ranks one 5-star review below 200 reviews averaging 4.6, through npm run sync-stats and the build", async () => {
    for (let i = 0; i < 200; i += 25)
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          call(app, "POST", `/templates/${MANY}/reviews`, { user: `researcher-${i + j}`, body: { ...REVIEW, rating: (i + j) % 5 < 3 ? 5 : 4 } }),
        ).map(async (p) => expect((await p).status).toBe(201)),
      );
    expect((await call(app, "POST", `/templates/${ONE}/reviews`, { user: "fan", body: REVIEW })).status).toBe(201);

    const run = await runScriptAsync("sync-stats.ts", ["--dynamodb-endpoint", community.dynamo.endpoint, "--table-prefix", community.prefix]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${MANY}\\s+rating 4\\.60 \\(ranked 4\\.56, 200 reviews\\)`));
    expect(run.stdout).toContain("next: npm run build -- --dynamodb-endpoint");

    const community2 = await readCommunityData(community.client, community.prefix);
    const many = community2.stats.get(MANY);
    const one = community2.stats.get(ONE);
    expect(many).toMatchObject({ rating_count: 200, rating_sum: 920, reviews: 200, rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 80, "5": 120 } });
    expect(one).toMatchObject({ rating_count: 1, rating_sum: 5, reviews: 1 });
    if (!many || !one) throw new Error("no stats");
    expect(meanRating(one)).toBe(5);
    expect(meanRating(many)).toBe(4.6);
    expect(bayesianRating(one)).toBeLessThan(bayesianRating(many));

    // The build ranks them the same way, and its reviews pages carry the synced counters.
    const { files } = buildTree(seededInput({ stats: community2.stats, reviews: community2.reviews }));
    const catalog = json<Catalog>(files, "indexes/catalog.json");
    const ranked = [...catalog.templates].sort((a, b) => b.rating_bayesian - a.rating_bayesian).map((t) => t.template_id);
    expect(ranked.indexOf(MANY)).toBeLessThan(ranked.indexOf(ONE));
    const onePage = json<ApiReviews>(files, `templates/${ONE}/reviews.json`);
    expect(onePage).toMatchObject({ rating: 5, total: 1, rating_histogram: { "5": 1 } });
    expect(onePage.reviews.map((r) => r.reviewer)).toEqual(["fan"]);
    expect(json<ApiReviews>(files, `templates/${MANY}/reviews.json`)).toMatchObject({ rating: 4.6, total: 200 });

    // The live API ranks with the same formula before and after sync.
    const live = await call(app, "GET", "/templates?sort=rating&limit=100");
    const order = (live.body.templates as { template_id: string; rating_bayesian: number }[]).map((t) => t.template_id);
    expect(order.indexOf(MANY)).toBeLessThan(order.indexOf(ONE));
    expect((await call(app, "GET", `/templates/${ONE}/reviews`)).body).toMatchObject({ rating: 5, rating_bayesian: bayesianRating(one) });
  });

  it("weighs reviews by verified launches double", async () => {
    // A launch and its success, recorded two hours ago: old enough to verify a review (docs/api.md).
    const earlier = new Date(Date.now() - 2 * 3_600_000);
    const then = testApp(community, { now: () => earlier });
    for (const event of ["launch", "launch_succeeded"])
      expect((await call(then, "POST", `/templates/${WEIGHTED}/usage`, { user: "user-who-ran-it", body: usageEvent(WEIGHTED, event, earlier) })).status).toBe(
        201,
      );
    expect((await call(app, "POST", `/templates/${WEIGHTED}/reviews`, { user: "user-who-ran-it", body: { ...REVIEW, rating: 5 } })).body.verified_usage).toBe(
      true,
    );
    expect((await call(app, "POST", `/templates/${WEIGHTED}/reviews`, { user: "drive-by", body: { ...REVIEW, rating: 1 } })).body.verified_usage).toBe(false);
    const list = (await call(app, "GET", `/templates/${WEIGHTED}/reviews`)).body;
    // (2·5 + 1·1) / 3, not (5 + 1) / 2; ranked (5·3 + 11) / (5 + 3).
    expect(list).toMatchObject({ rating: 3.67, rating_bayesian: 3.25, total: 2, verified_total: 1, rating_histogram: { "1": 1, "5": 1 } });
    const run = await runScriptAsync("sync-stats.ts", ["--dynamodb-endpoint", community.dynamo.endpoint, "--table-prefix", community.prefix, "--json"]);
    expect(run.status).toBe(0);
    const synced = (JSON.parse(run.stdout) as { template_id: string; stats: Record<string, unknown> }[]).find((r) => r.template_id === WEIGHTED);
    expect(synced?.stats).toMatchObject({ rating_count: 3, rating_sum: 11, reviews: 2, launches: 1 });
  });

  it("refuses to guess which DynamoDB to use", async () => {
    const run = await runScriptAsync("sync-stats.ts", [], { CWS_DYNAMODB_ENDPOINT: "" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--dynamodb-endpoint");
  });
});
