import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { readCommunityData } from "../../core/build/read-stats.js";
import { closeReport, listQueue } from "../../core/community/moderation.js";
import { syncStats } from "../../core/community/sync-stats.js";
import { reviewsPagePath } from "../../core/spec/layout.js";
import type { ApiReviews, Report } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";
import { type Community, call, REVIEW, runScriptAsync, seedTemplate, startCommunity, testApp } from "./helpers.js";

const ID = "astronomy-astropy";
let community: Community;
let app: Hono;
const moderate = (...args: string[]) =>
  runScriptAsync("moderate.ts", [...args, "--dynamodb-endpoint", community.dynamo.endpoint, "--table-prefix", community.prefix, "--as", "mod-team"]);

beforeAll(async () => {
  community = await startCommunity("md-");
  await seedTemplate(community, { template_id: ID, author: "astro-pub" });
  app = testApp(community);
  expect((await call(app, "POST", `/templates/${ID}/reviews`, { user: "honest", body: { ...REVIEW, rating: 4 } })).status).toBe(201);
  expect(
    (
      await call(app, "POST", `/templates/${ID}/reviews`, {
        user: "spammer",
        body: { ...REVIEW, rating: 1, title: "BUY CHEAP GPUS", content: "visit spam.example" },
      })
    ).status,
  ).toBe(201);
});
afterAll(() => community.close());

async function buildReviewsPage(): Promise<ApiReviews> {
  const data = await readCommunityData(community.client, community.prefix);
  const { files } = buildTree(seededInput({ stats: data.stats, reviews: data.reviews }));
  return json<ApiReviews>(files, reviewsPagePath(ID));
}
const visibleReviewers = async () =>
  ((await call(app, "GET", `/templates/${ID}/reviews`)).body.reviews as { reviewer: string }[]).map((r) => r.reviewer).sort();

describe("reports and moderation", () => {
  it("puts reports of reviews and templates in the moderation queue, one open report per reporter and target", async () => {
    const first = await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-1", body: { reason: "spam", reviewer: "spammer", details: "an ad" } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ target: "review", template_id: ID, reviewer: "spammer", reason: "spam", reporter: "reader-1", status: "open" });
    expect(first.body.report_id).toMatch(/^rpt_[a-f0-9]{24}$/);
    expect((await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-2", body: { reason: "abuse", reviewer: "spammer" } })).status).toBe(201);
    const again = await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-1", body: { reason: "abuse", reviewer: "spammer" } });
    expect(again).toMatchObject({ status: 409, body: { error: "REPORT_EXISTS" } });
    expect((await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-1", body: { reason: "broken", details: "fails to boot" } })).status).toBe(201);

    const other = await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-3", body: { reason: "other" } });
    expect(other.status).toBe(400);
    expect(other.body.errors).toContainEqual(expect.objectContaining({ pointer: "/details", keyword: "required" }));
    expect((await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-3", body: { reason: "spam", reviewer: "nobody" } })).status).toBe(404);

    const queue = await listQueue({ client: community.client, tablePrefix: community.prefix });
    expect(queue.map((e) => [e.target, e.reports.length])).toEqual([
      [`review ${ID} by spammer`, 2],
      [`template ${ID}`, 1],
    ]);
    expect(queue[0]?.review).toMatchObject({ status: "visible", title: "BUY CHEAP GPUS" });
  });

  it("npm run moderate lists, hides and restores; hidden reviews leave the API, the rating and the build", async () => {
    const listed = await moderate("list");
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`review ${ID} by spammer [visible]: 2 reports`);
    expect(listed.stdout).toContain(`npm run moderate -- hide ${ID} spammer`);
    await syncStats({ client: community.client, tablePrefix: community.prefix });
    expect((await buildReviewsPage()).reviews.map((r) => r.reviewer).sort()).toEqual(["honest", "spammer"]);

    const hidden = await moderate("hide", ID, "spammer", "--note", "advertising");
    expect(hidden.stderr).toBe("");
    expect(hidden.stdout).toContain("hid the review of astronomy-astropy by spammer; resolved 2 open reports");
    expect(await visibleReviewers()).toEqual(["honest"]);
    expect((await call(app, "GET", `/templates/${ID}/reviews/spammer`)).status).toBe(404);
    // Its author still sees it, and nobody can vote on, reply to or report it any more.
    expect((await call(app, "GET", `/templates/${ID}/reviews/spammer`, { user: "spammer" })).body).toMatchObject({ status: "hidden" });
    expect((await call(app, "POST", `/templates/${ID}/reviews/spammer/votes`, { user: "reader-9" })).status).toBe(404);
    expect((await call(app, "PUT", `/templates/${ID}/reviews/spammer/reply`, { user: "astro-pub", body: { content: "hm" } })).status).toBe(404);
    expect((await call(app, "GET", `/templates/${ID}/reviews`)).body).toMatchObject({ total: 1, rating: 4 });

    await syncStats({ client: community.client, tablePrefix: community.prefix });
    const page = await buildReviewsPage();
    expect(page.reviews.map((r) => r.reviewer)).toEqual(["honest"]);
    expect(page).toMatchObject({ total: 1, rating: 4, rating_histogram: { "1": 0, "4": 1 } });

    const open = await moderate("list", "--json");
    expect((JSON.parse(open.stdout) as { target: string }[]).map((e) => e.target)).toEqual([`template ${ID}`]);
    const resolved = (await listQueue({ client: community.client, tablePrefix: community.prefix }, "resolved")).flatMap((e) => e.reports);
    expect(resolved).toHaveLength(2);
    expect(resolved[0]).toMatchObject({ resolved_by: "mod-team", resolution: "advertising" });

    const restored = await moderate("restore", ID, "spammer");
    expect(restored.status).toBe(0);
    expect(await visibleReviewers()).toEqual(["honest", "spammer"]);
    await syncStats({ client: community.client, tablePrefix: community.prefix });
    expect((await buildReviewsPage()).total).toBe(2);

    expect((await moderate("hide", ID, "nobody")).status).toBe(2);
  });

  it("closes template reports by dismissing or resolving them", async () => {
    const [entry] = await listQueue({ client: community.client, tablePrefix: community.prefix });
    const report = entry?.reports[0] as Report;
    const dismissed = await moderate("dismiss", report.report_id, "--note", "works for me");
    expect(dismissed.stdout).toContain(`dismissed ${report.report_id}`);
    expect(await listQueue({ client: community.client, tablePrefix: community.prefix })).toEqual([]);
    await expect(closeReport({ client: community.client, tablePrefix: community.prefix, moderator: "x" }, report.report_id, "resolved")).rejects.toThrow(
      "already dismissed",
    );
    // Once closed, the same reporter may report the same target again.
    expect((await call(app, "POST", `/templates/${ID}/reports`, { user: "reader-1", body: { reason: "broken", details: "still fails" } })).status).toBe(201);
  });
});
