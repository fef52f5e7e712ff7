// Writes to a deployed marketplace API: the CLI signs them with SigV4 (service lambda) from the
// standard AWS credential chain, and sends X-CWS-User only to a loopback API. The API here is the
// real Lambda adapter behind a loopback server that verifies signatures independently.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createLambdaHandler } from "../../apps/api/lambda.js";
import { setRuntime } from "../../cli/src/launch/runtime.js";
import { enqueue, flushQueue, newEvent } from "../../cli/src/launch/usage-queue.js";
import { authorize } from "../../cli/src/lib/api-auth.js";
import { tableName } from "../../core/community/tables.js";
import { type Community, seedTemplate, startCommunity } from "../api/helpers.js";
import { tempDir } from "../helpers/run.js";
import { type IamKey, type SignedApi, startSignedApi } from "./helpers/sigv4-server.js";
import { cws, userHome } from "./helpers.js";

const ID = "genomics-pipeline-v3";
const REGION = "eu-west-1";
const ALICE: IamKey = {
  accessKeyId: "AKIAALICEEXAMPLE0001",
  secretAccessKey: "alice/secret/EXAMPLEKEY0000000000000",
  userArn: "arn:aws:iam::111122223333:user/alice",
  accountId: "111122223333",
};

let community: Community;
let api: SignedApi;

beforeAll(async () => {
  community = await startCommunity("sig-");
  await seedTemplate(community, { template_id: ID, author: "gen-lab" });
  const handler = createLambdaHandler({
    client: community.client,
    tablePrefix: community.prefix,
    env: { CWS_PRINCIPAL_HANDLES: JSON.stringify({ [ALICE.userArn]: "alice-lab" }) },
  });
  api = await startSignedApi(handler, [ALICE], REGION);
});
afterAll(async () => {
  await api?.close();
  await community?.close();
});
afterEach(() => vi.unstubAllEnvs());

/** A user with AWS credentials configured and no marketplace handle. */
function awsUser(key: Pick<IamKey, "accessKeyId" | "secretAccessKey"> = ALICE): Record<string, string> {
  return {
    ...userHome(),
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

function stubAws(key: Pick<IamKey, "accessKeyId" | "secretAccessKey"> = ALICE): void {
  for (const [k, v] of Object.entries(awsUser(key))) vi.stubEnv(k, v);
  vi.stubEnv("CWS_USER", undefined);
  vi.stubEnv("AWS_PROFILE", undefined);
  vi.stubEnv("AWS_SESSION_TOKEN", undefined);
}

async function stored(table: "templateReviews" | "usageAnalytics") {
  return (await community.doc.send(new ScanCommand({ TableName: tableName(table, community.prefix), ConsistentRead: true }))).Items ?? [];
}

const review = ["marketplace", "review", ID, "--rating", "5", "--title", "Great for WGS", "--comment", "Ran the pipeline end to end."];

describe("SigV4-signed API requests", () => {
  it("a signed review is stored under the caller's mapped handle", async () => {
    const run = await cws([...review, "--api-url", api.url, "--json"], awsUser());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ reviewer: "alice-lab", rating: 5 });
    expect((await stored("templateReviews")).find((r) => r.reviewer === "alice-lab")).toMatchObject({ principal: ALICE.userArn });
    const sent = api.requests.at(-1);
    expect(sent?.verdict.kind).toBe("signed");
    expect(String(sent?.headers.authorization)).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ALICE.accessKeyId}/\\d{8}/${REGION}/lambda/aws4_request`));
    expect(sent?.headers["x-cws-user"]).toBeUndefined();
  });

  it("an unsigned review gets 401, a tampered signature or body 403", async () => {
    const url = `${api.url}/api/v1/marketplace/templates/${ID}/reviews`;
    const body = JSON.stringify({ rating: 4, title: "Unsigned", content: "Who am I?" });
    const unsigned = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);

    stubAws();
    const headers = await authorize({ method: "POST", url, headers: { "content-type": "application/json" }, body });
    const flipped = headers.authorization?.replace(/Signature=([0-9a-f])/, (_, c: string) => `Signature=${c === "0" ? "1" : "0"}`) ?? "";
    expect(flipped).not.toBe(headers.authorization);
    expect((await fetch(url, { method: "POST", headers: { ...headers, authorization: flipped }, body })).status).toBe(403);
    const otherBody = JSON.stringify({ rating: 1, title: "Unsigned", content: "Who am I?" });
    expect((await fetch(url, { method: "POST", headers, body: otherBody })).status).toBe(403);
    // The untouched request is accepted as alice, who reviewed in the first test: one review per user.
    const intact = await fetch(url, { method: "POST", headers, body });
    expect(intact.status).toBe(409);
    expect(await intact.json()).toMatchObject({ error: "REVIEW_EXISTS" });
  });

  it("a wrong secret is refused with the API's 403, not stored", async () => {
    const before = (await stored("templateReviews")).length;
    const run = await cws([...review, "--api-url", api.url], { ...awsUser({ accessKeyId: ALICE.accessKeyId, secretAccessKey: "wrong" }) });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error HTTP_403: Forbidden: signature does not match/);
    expect((await stored("templateReviews")).length).toBe(before);
  });

  it("queued usage events flush to the signed API", async () => {
    stubAws();
    const restore = setRuntime({ usageTimeoutMs: 2_000, usageBudgetMs: 5_000 });
    try {
      const dir = tempDir("cws-signed-queue-");
      const event = newEvent({
        template_id: ID,
        template_version: "3.2.1",
        event: "launch",
        region: REGION,
        architecture: "x86_64",
        instance_type: "r7i.2xlarge",
      });
      enqueue(dir, api.url, event);
      expect(await flushQueue(dir)).toEqual({ sent: 1, kept: 0, rejected: 0 });
      const sent = api.requests.at(-1);
      expect(sent?.verdict.kind).toBe("signed");
      expect(sent?.headers["idempotency-key"]).toBe(event.event_id);
      expect((await stored("usageAnalytics")).length).toBeGreaterThan(0);
    } finally {
      restore();
    }
  });

  it("signs for the function URL's region and never sends X-CWS-User off loopback", async () => {
    stubAws();
    const url = "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.ap-southeast-2.on.aws/api/v1/marketplace/templates/x/reviews";
    const headers = await authorize({ method: "POST", url, headers: { "content-type": "application/json" }, body: "{}" }, { user: "alice" });
    expect(headers["x-cws-user"]).toBeUndefined();
    expect(headers.authorization).toMatch(/Credential=AKIAALICEEXAMPLE0001\/\d{8}\/ap-southeast-2\/lambda\/aws4_request, SignedHeaders=[a-z0-9;-]*host/);
    expect(headers["x-amz-content-sha256"]).toBe("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    // A loopback API with a configured handle: the development header, unsigned.
    const local = await authorize({ method: "POST", url: "http://127.0.0.1:4321/api/v1/marketplace/x", headers: {} }, { user: "alice" });
    expect(local).toEqual({ "x-cws-user": "alice" });
  });

  it("a deployed API without AWS credentials is a clear error, not an unsigned request", async () => {
    for (const [k, v] of Object.entries(userHome())) vi.stubEnv(k, v);
    for (const k of [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_PROFILE",
      "AWS_WEB_IDENTITY_TOKEN_FILE",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ])
      vi.stubEnv(k, undefined);
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", `${tempDir()}/none`);
    vi.stubEnv("AWS_CONFIG_FILE", `${tempDir()}/none`);
    await expect(
      authorize({ method: "POST", url: "https://api.marketplace.example.org/api/v1/marketplace/x", headers: {} }, { user: "alice" }),
    ).rejects.toMatchObject({
      code: "NO_AWS_CREDENTIALS",
      exitCode: 2,
    });
  });
});
