import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createNodeApiHandler, type RunningApi, startApiServer } from "../../apps/api/node.js";
import { type RunningServer, startCdnServer } from "../../apps/local/cdn-server.js";
import { type Emulator, startS3rver } from "../../apps/local/emulators.js";
import { command as report } from "../../cli/src/commands/marketplace/report.js";
import { command as review } from "../../cli/src/commands/marketplace/review.js";
import { command as reviews } from "../../cli/src/commands/marketplace/reviews.js";
import type { Args } from "../../cli/src/lib/command.js";
import { LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { type Community, REVIEW, seedTemplate, startCommunity } from "./helpers.js";

const ID = "rstudio-server-tidyverse";
const STATIC_PAGE = { template_id: ID, rating: 0, total: 0, rating_histogram: {}, reviews: [], from: "the CDN" };
let community: Community;
let s3dir: string;
let s3: Emulator;
let s3client: S3Client;
let cdn: RunningServer;
let api: RunningApi;

beforeAll(async () => {
  community = await startCommunity("nd-");
  await seedTemplate(community, { template_id: ID, author: "r-lab" });
  s3dir = mkdtempSync(join(tmpdir(), "cws-s3-"));
  s3 = await startS3rver({ directory: s3dir, buckets: ["cdn"] });
  s3client = s3Client({ endpoint: s3.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  await s3client.send(
    new PutObjectCommand({
      Bucket: "cdn",
      Key: `api/v1/marketplace/templates/${ID}/reviews/index.json`,
      Body: JSON.stringify(STATIC_PAGE),
      ContentType: "application/json",
    }),
  );
  cdn = await startCdnServer({
    s3: s3client,
    bucket: "cdn",
    before: createNodeApiHandler({ client: community.client, tablePrefix: community.prefix, log: () => {} }),
  });
  api = await startApiServer({ client: community.client, tablePrefix: community.prefix, log: () => {} });
});
afterAll(async () => {
  await cdn.close();
  await api.close();
  s3client.destroy();
  await s3.close();
  await community.close();
  rmSync(s3dir, { recursive: true, force: true });
});

describe("Node adapter inside the local CDN server (npm start)", () => {
  it("answers writes and every read under the API path, with or without a query string", async () => {
    const base = `${cdn.url}/api/v1/marketplace/templates/${ID}`;
    const posted = await fetch(`${base}/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cws-user": "curl-user" },
      body: JSON.stringify(REVIEW),
    });
    expect(posted.status).toBe(201);
    const duplicate = await fetch(`${base}/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cws-user": "curl-user" },
      body: JSON.stringify(REVIEW),
    });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ error: "REVIEW_EXISTS" });

    // The plain GET is the live API's, as documented: the 201 shows at once, not the tree's copy.
    const plain = await fetch(`${base}/reviews`);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=10");
    expect(await plain.json()).toMatchObject({ total: 1, reviews: [{ reviewer: "curl-user" }] });
    expect(await (await fetch(base)).json()).toMatchObject({ template_id: ID, owners: ["r-lab"], visibility: "public" });
    // Unknown paths under the API are the API's JSON 404, never the CDN's page.
    const oldStatic = await fetch(`${base}/reviews/index.json`);
    expect([oldStatic.status, await oldStatic.json()]).toMatchObject([400, { error: "VALIDATION_FAILED" }]);
    const slash = await fetch(`${base}/reviews/`);
    expect([slash.status, await slash.json()]).toMatchObject([404, { error: "NO_SUCH_ENDPOINT" }]);
    const live = await fetch(`${base}/reviews?limit=5`);
    expect(await live.json()).toMatchObject({ total: 1, reviews: [{ reviewer: "curl-user" }] });
    expect((await fetch(`${base}/reviews/curl-user`)).status).toBe(200);
    expect((await fetch(`${base}/analytics`)).status).toBe(200);
    expect(((await (await fetch(`${cdn.url}/api/v1/marketplace/openapi.json`)).json()) as { openapi: string }).openapi).toBe("3.1.0");
    // Not the API's: the CDN answers (here with its plain 404).
    expect((await fetch(`${cdn.url}/indexes/catalog.json`)).headers.get("content-type")).toMatch(/^text\/plain/);
  });

  it("serves everything itself when standalone", async () => {
    const res = await fetch(`${api.url}/api/v1/marketplace/templates/${ID}/reviews`);
    expect(await res.json()).toMatchObject({ total: 1, verified_total: 0 });
    expect((await fetch(`${api.url}/elsewhere`)).status).toBe(404);
  });
});

async function runCli(
  spec: typeof review,
  args: Record<string, unknown>,
): Promise<{ status: number; stdout: string; error?: { code: string; message: string; exitCode: number } }> {
  let stdout = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const status = await spec.handler({ _: [], $0: "cws", color: false, json: false, apiUrl: api.url, ...args } as Args);
    return { status, stdout };
  } catch (error) {
    return { status: (error as { exitCode: number }).exitCode, stdout, error: error as { code: string; message: string; exitCode: number } };
  } finally {
    write.mockRestore();
  }
}

describe("cws marketplace review | reviews | report", () => {
  beforeAll(() => {
    vi.stubEnv("CWS_USER", "");
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it("posts a review, refuses a duplicate, edits with --edit, lists and reports", async () => {
    const posted = await runCli(review, { id: ID, rating: 4, title: "Tidy", comment: "All packages load.", useCase: "survey-analysis", as: "cli-user" });
    expect(posted.error).toBeUndefined();
    expect(posted.stdout).toContain(`posted your review of ${ID} (version 1)`);
    expect(posted.stdout).toContain("★★★★☆  Tidy");

    const duplicate = await runCli(review, { id: ID, rating: 5, title: "Again", comment: "Twice", as: "cli-user" });
    expect(duplicate.status).toBe(1);
    expect(duplicate.error).toMatchObject({ code: "REVIEW_EXISTS", hint: expect.stringContaining("--edit") });

    const edited = await runCli(review, { id: ID, rating: 5, edit: true, as: "cli-user" });
    expect(edited.stdout).toContain("updated your review");
    expect(edited.stdout).toContain("version 2");

    const anonymous = await runCli(review, { id: ID, rating: 5, title: "x", comment: "y", as: undefined });
    expect(anonymous.status).toBe(2);
    expect(anonymous.error?.code).toBe("AUTH_REQUIRED");
    const invalid = await runCli(review, { id: ID, rating: 9, title: "x", comment: "y", as: "another-user" });
    expect(invalid.status).toBe(2);
    expect(invalid.error?.message).toBe("the request is invalid:\n  body /rating: must be <= 5");
    const missing = await runCli(review, { id: ID, rating: 3, as: "another-user" });
    expect(missing.error?.message).toContain("--title, --comment");

    const listed = await runCli(reviews, { id: ID, sort: "newest", limit: 10 });
    expect(listed.stdout).toContain(`${ID}  5.0★ from 2 reviews (0 verified)`);
    expect(listed.stdout).toMatch(/5★ █{20} 2\n {2}4★ {22}0/);
    expect(listed.stdout).toContain("by cli-user");
    const asJson = await runCli(reviews, { id: ID, sort: "rating_high", limit: 1, json: true });
    expect(JSON.parse(asJson.stdout)).toMatchObject({ total: 2, reviews: [{ rating: 5 }], next_cursor: expect.any(String) });

    const reported = await runCli(report, { id: ID, reason: "spam", review: "curl-user", as: "cli-user" });
    expect(reported.stdout).toMatch(/reported curl-user's review of rstudio-server-tidyverse \(spam\); report rpt_[0-9a-f]{24} is in the moderation queue/);
    const notFound = await runCli(reviews, { id: "no-such-template", sort: "newest", limit: 10 });
    expect(notFound.status).toBe(3);
  });
});
