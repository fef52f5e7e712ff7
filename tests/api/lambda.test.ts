import { readFileSync } from "node:fs";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleForPrincipal } from "../../apps/api/identity.js";
import { createLambdaHandler, type FunctionUrlEvent, type LambdaHandler } from "../../apps/api/lambda.js";
import { tableName } from "../../core/community/tables.js";
import { type Community, REVIEW, seedTemplate, startCommunity, usageEvent } from "./helpers.js";

/** A function URL event (payload 2.0) as Lambda delivers it with AuthType AWS_IAM, from the AWS documentation's shape. */
const FIXTURE = JSON.parse(readFileSync(new URL("./fixtures/function-url-event.json", import.meta.url), "utf8")) as FunctionUrlEvent;
const ALICE_ARN = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Researcher_0123456789abcdef/alice@uni.edu";
const ID = "genomics-pipeline-v3";

let community: Community;
let handler: LambdaHandler;

function event(
  method: string,
  path: string,
  options: { query?: string; body?: unknown; base64?: boolean; headers?: Record<string, string>; iam?: boolean } = {},
): FunctionUrlEvent {
  const e = structuredClone(FIXTURE);
  e.rawPath = path;
  e.rawQueryString = options.query ?? "";
  e.requestContext.http = { ...e.requestContext.http, method, path };
  e.headers = { ...e.headers, ...(options.headers ?? {}) };
  if (options.iam === false) delete e.requestContext.authorizer;
  if (options.body === undefined) delete e.body;
  else {
    const text = JSON.stringify(options.body);
    e.body = options.base64 ? Buffer.from(text).toString("base64") : text;
    e.isBase64Encoded = options.base64 === true;
  }
  return e;
}
const parse = (r: { body: string }) => JSON.parse(r.body) as Record<string, unknown>;
async function stored(table: "templateReviews" | "usageAnalytics") {
  return (await community.doc.send(new ScanCommand({ TableName: tableName(table, community.prefix), ConsistentRead: true }))).Items ?? [];
}

beforeAll(async () => {
  community = await startCommunity("lm-");
  await seedTemplate(community, { template_id: ID, author: "gen-lab", owners: ["gen-lab", "mapped-publisher"] });
  handler = createLambdaHandler({
    client: community.client,
    tablePrefix: community.prefix,
    env: { CWS_PRINCIPAL_HANDLES: JSON.stringify({ "arn:aws:iam::444455556666:user/publisher": "mapped-publisher" }) },
  });
});
afterAll(() => community.close());

describe("Lambda function URL handler", () => {
  it("answers a GET with a function URL result", async () => {
    const res = await handler(event("GET", `/api/v1/marketplace/templates/${ID}`));
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(false);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(parse(res)).toMatchObject({ template_id: ID, reviews: 0 });
    const list = await handler(event("GET", "/api/v1/marketplace/templates", { query: "q=template&sort=name&limit=5", iam: false }));
    expect(parse(list)).toMatchObject({ total: 1 });
  });

  it("takes the caller from requestContext.authorizer.iam", async () => {
    const res = await handler(event("POST", `/api/v1/marketplace/templates/${ID}/reviews`, { body: REVIEW }));
    expect(res.statusCode).toBe(201);
    const handle = handleForPrincipal(ALICE_ARN);
    expect(handle).toMatch(/^alice-uni-edu-[0-9a-f]{8}$/);
    expect(parse(res)).toMatchObject({ reviewer: handle });
    expect((await stored("templateReviews")).find((r) => r.reviewer === handle)).toMatchObject({ principal: ALICE_ARN });
    // Same principal again: one review per user.
    expect((await handler(event("POST", `/api/v1/marketplace/templates/${ID}/reviews`, { body: REVIEW }))).statusCode).toBe(409);
  });

  it("decodes base64 bodies", async () => {
    const res = await handler(event("POST", `/api/v1/marketplace/templates/${ID}/usage`, { body: usageEvent(ID, "launch", new Date()), base64: true }));
    expect(res.statusCode).toBe(201);
    expect(parse(res)).toMatchObject({ status: "recorded" });
  });

  it("refuses X-CWS-User, with or without IAM auth, and writes nothing", async () => {
    const before = (await stored("templateReviews")).length;
    for (const iam of [true, false]) {
      const res = await handler(event("POST", `/api/v1/marketplace/templates/${ID}/reviews`, { body: REVIEW, headers: { "x-cws-user": "mallory" }, iam }));
      expect(res.statusCode).toBe(400);
      expect(parse(res)).toMatchObject({ error: "DEV_IDENTITY_REFUSED" });
    }
    const read = await handler(event("GET", `/api/v1/marketplace/templates/${ID}/reviews`, { query: "limit=5", headers: { "X-CWS-User": "mallory" } }));
    expect(read.statusCode).toBe(400);
    expect((await stored("templateReviews")).length).toBe(before);
    expect((await stored("templateReviews")).some((r) => r.reviewer === "mallory")).toBe(false);
  });

  it("treats a request without IAM auth as anonymous: reads work, writes get 401", async () => {
    const write = await handler(event("POST", `/api/v1/marketplace/templates/${ID}/usage`, { body: usageEvent(ID, "launch", new Date()), iam: false }));
    expect(write.statusCode).toBe(401);
    expect(parse(write)).toMatchObject({ error: "AUTH_REQUIRED" });
    const read = await handler(event("GET", `/api/v1/marketplace/templates/${ID}/reviews`, { query: "sort=helpful", iam: false }));
    expect(read.statusCode).toBe(200);
    expect(parse(read)).toMatchObject({ total: 1 });
  });

  it("maps principals to handles with CWS_PRINCIPAL_HANDLES, so publishers can reply", async () => {
    const e = event("PUT", `/api/v1/marketplace/templates/${ID}/reviews/${handleForPrincipal(ALICE_ARN)}/reply`, { body: { content: "Thanks!" } });
    const iam = e.requestContext.authorizer?.iam;
    if (iam) {
      iam.userArn = "arn:aws:iam::444455556666:user/publisher";
      iam.accountId = "444455556666";
    }
    const res = await handler(e);
    expect(res.statusCode).toBe(200);
    expect(parse(res)).toMatchObject({ reply: { author: "mapped-publisher", content: "Thanks!" } });
  });

  it("serves the OpenAPI document and JSON 404s", async () => {
    const doc = await handler(event("GET", "/api/v1/marketplace/openapi.json", { iam: false }));
    expect(parse(doc)).toMatchObject({ openapi: "3.1.0" });
    const missing = await handler(event("GET", "/api/v1/marketplace/nope", { iam: false }));
    expect(missing.statusCode).toBe(404);
    expect(parse(missing)).toMatchObject({ error: "NO_SUCH_ENDPOINT" });
  });

  it("derives distinct, valid handles per principal", () => {
    const a = handleForPrincipal("arn:aws:iam::111122223333:user/alice");
    const b = handleForPrincipal("arn:aws:iam::999988887777:user/alice");
    expect(a).not.toBe(b);
    for (const h of [a, b, handleForPrincipal("arn:aws:iam::111122223333:root"), handleForPrincipal(`arn:aws:iam::1:user/${"x".repeat(80)}`)])
      expect(h).toMatch(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/);
    expect(() => createLambdaHandler({ client: community.client, env: { CWS_PRINCIPAL_HANDLES: '{"arn": "Not Valid"}' } })).toThrow("not a handle");
  });
});
