import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeApiHandler } from "../../apps/api/node.js";
import { type RunningServer, startCdnServer } from "../../apps/local/cdn-server.js";
import { type Emulator, startS3rver } from "../../apps/local/emulators.js";
import { LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { type Community, startCommunity } from "../api/helpers.js";
import { ROOT } from "../helpers/run.js";

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is walked loosely here.
type Json = Record<string, any>;

/** What CloudFront adds to every answer, read from the committed stack (infra/marketplace.template.json). */
function cloudFrontHeaders(): Record<string, string> {
  const stack = JSON.parse(readFileSync(join(ROOT, "infra/marketplace.template.json"), "utf8")) as Json;
  const config = stack.Resources.SecurityHeaders.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Json;
  return {
    "content-security-policy": config.ContentSecurityPolicy.ContentSecurityPolicy,
    // CloudFront's ContentTypeOptions always means nosniff.
    ...(config.ContentTypeOptions ? { "x-content-type-options": "nosniff" } : {}),
    "x-frame-options": config.FrameOptions.FrameOption,
    "referrer-policy": config.ReferrerPolicy.ReferrerPolicy,
  };
}

let dir: string;
let s3: Emulator;
let client: S3Client;
let community: Community;
let cdn: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cws-headers-"));
  s3 = await startS3rver({ directory: dir, buckets: ["cdn"] });
  client = s3Client({ endpoint: s3.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  await client.send(
    new PutObjectCommand({ Bucket: "cdn", Key: "index.html", Body: "<!doctype html><title>x</title>", ContentType: "text/html; charset=utf-8" }),
  );
  await client.send(new PutObjectCommand({ Bucket: "cdn", Key: "indexes/catalog.json", Body: "{}", ContentType: "application/json" }));
  community = await startCommunity("sh-");
  cdn = await startCdnServer({
    s3: client,
    bucket: "cdn",
    before: createNodeApiHandler({ client: community.client, tablePrefix: community.prefix, log: () => {} }),
  });
});
afterAll(async () => {
  await cdn.close();
  client.destroy();
  await s3.close();
  await community.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the local CDN server (npm start)", () => {
  it("sends CloudFront's security headers on pages, data, misses, 304s and the live API", async () => {
    const expected = cloudFrontHeaders();
    expect(expected["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(Object.keys(expected).sort()).toEqual(["content-security-policy", "referrer-policy", "x-content-type-options", "x-frame-options"]);
    const page = await fetch(`${cdn.url}/`);
    const etag = page.headers.get("etag") ?? "";
    const answers = {
      page,
      data: await fetch(`${cdn.url}/indexes/catalog.json`),
      miss: await fetch(`${cdn.url}/no/such/page/`),
      notModified: await fetch(`${cdn.url}/`, { headers: { "if-none-match": etag } }),
      api: await fetch(`${cdn.url}/api/v1/marketplace/openapi.json`),
      apiError: await fetch(`${cdn.url}/api/v1/marketplace/templates/nope/usage`, { method: "POST" }),
    };
    expect(answers.notModified.status).toBe(304);
    expect(answers.apiError.status).toBe(401);
    for (const [what, res] of Object.entries(answers))
      for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
    // Plain HTTP: HSTS would be ignored, so it is not sent.
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });
});
