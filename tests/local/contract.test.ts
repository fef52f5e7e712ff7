import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalMarketplace, startMarketplace } from "../../apps/local/start-marketplace.js";
import { dynamoClient, LOCAL_CREDENTIALS } from "../../core/aws/clients.js";
import { tableName } from "../../core/community/tables.js";
import { API_BASE } from "../../core/spec/layout.js";
import { cloudFrontRouter } from "../helpers/cloudfront.js";
import { ROOT, tempDir } from "../helpers/run.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked loosely here.
type Json = Record<string, any>;

interface Answer {
  status: number;
  type: string | null;
  cache: string | null;
  body: unknown;
}

interface Call {
  method: string;
  /** The OpenAPI path template the call exercises. */
  path: string;
  params?: Record<string, string>;
  query?: string;
  user?: string;
  body?: unknown;
}

const ID = "genomics-pipeline-v3";
const PRIVATE_ID = "contract-private-template";
const REVIEWER = "contract-reviewer";
const VOTER = "contract-voter";

let market: LocalMarketplace;
let doc: Json;
let ajv: Ajv2020;
const covered = new Set<string>();

beforeAll(async () => {
  const data = tempDir("cws-contract-");
  // What npm start runs (scripts/start.ts), on a free port with private data.
  market = await startMarketplace({ registry: join(ROOT, "registry"), out: join(data, "dist"), dataDir: data, port: 0, env: process.env });
  doc = (await (await fetch(`${market.url}${API_BASE}/openapi.json`)).json()) as Json;
  ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: "doc", components: doc.components } as never);
  // A template the catalog table holds but a public marketplace must not show.
  const dynamo = dynamoClient({ endpoint: market.dynamoEndpoint, credentials: LOCAL_CREDENTIALS });
  await DynamoDBDocumentClient.from(dynamo).send(
    new PutCommand({
      TableName: tableName("communityTemplates"),
      Item: {
        template_id: PRIVATE_ID,
        name: "Private",
        description: "Hidden",
        author: "someone",
        owners: ["someone"],
        version: "1.0.0",
        category: "bioinformatics",
        tags: [],
        architecture: ["x86_64"],
        regions: ["us-east-1"],
        visibility: "private",
        maintenance_status: "active",
        last_updated: "2026-10-01T00:00:00Z",
        catalog_hash: "x",
      },
    }),
  );
  dynamo.destroy();
}, 240_000); // a full build and sign of the seeded registry
afterAll(() => market?.close());

function uriOf(call: Call): string {
  const path = call.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? ""));
  return `${API_BASE}${path}${call.query ? `?${call.query}` : ""}`;
}

async function send(origin: string, call: Call): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (call.user) headers["x-cws-user"] = call.user;
  if (call.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${origin}${uriOf(call)}`, {
    method: call.method,
    headers,
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Left as text: the check below says it is not the documented JSON.
  }
  return { status: res.status, type: res.headers.get("content-type"), cache: res.headers.get("cache-control"), body };
}

/** The answer is one the document gives for this operation: a documented status, JSON, and the status's schema. */
function check(call: Call, answer: Answer): void {
  const label = `${call.method} ${uriOf(call)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  const operation = doc.paths[call.path]?.[call.method.toLowerCase()] as Json | undefined;
  expect(operation, label).toBeDefined();
  covered.add(`${call.method} ${call.path}`);
  const response = operation?.responses[String(answer.status)] as Json | undefined;
  expect(response, `${label}: status not documented`).toBeDefined();
  const schema = response?.content?.["application/json"]?.schema as Json | undefined;
  if (!schema) return;
  expect(answer.type, label).toMatch(/^application\/json/);
  const valid = schema.$ref ? ajv.validate(`doc${schema.$ref}`, answer.body) : typeof answer.body === "object";
  expect(valid, `${label}: ${JSON.stringify(ajv.errors?.slice(0, 3))}`).toBe(true);
}

async function exercise(call: Call): Promise<Answer> {
  const answer = await send(market.url, call);
  check(call, answer);
  return answer;
}

describe("the API contract on npm start's server and through CloudFront", () => {
  it("answers every operation of the served OpenAPI document as the document says", async () => {
    const t = { id: ID };
    const r = { id: ID, reviewer: REVIEWER };
    await exercise({ method: "GET", path: "/openapi.json" });
    const list = await exercise({ method: "GET", path: "/templates" });
    expect(list.body).toMatchObject({ total: 21 });
    await exercise({ method: "GET", path: "/templates", query: "q=genomics&limit=2&sort=name" });
    const template = (await exercise({ method: "GET", path: "/templates/{id}", params: t })).body as { author: string; owners: string[] };
    expect(template).toMatchObject({ owners: expect.any(Array), visibility: "public", maintenance_status: "active" });

    const posted = await exercise({
      method: "POST",
      path: "/templates/{id}/reviews",
      params: t,
      user: REVIEWER,
      body: { rating: 5, title: "Solid", content: "Ran WGS end to end." },
    });
    expect(posted.status).toBe(201);
    // The plain GET is live: the 201 shows at once, with the documented shape.
    const plain = await exercise({ method: "GET", path: "/templates/{id}/reviews", params: t });
    expect(plain.body).toMatchObject({ reviews: expect.arrayContaining([expect.objectContaining({ reviewer: REVIEWER })]) });
    expect(plain.cache).toBe("public, max-age=0, s-maxage=10");
    await exercise({ method: "GET", path: "/templates/{id}/reviews", params: t, query: "limit=5&sort=newest" });
    const review = (await exercise({ method: "GET", path: "/templates/{id}/reviews/{reviewer}", params: r })).body as { version: number };
    expect(
      (await exercise({ method: "PUT", path: "/templates/{id}/reviews/{reviewer}", params: r, user: REVIEWER, body: { version: review.version, rating: 4 } }))
        .status,
    ).toBe(200);
    expect((await exercise({ method: "POST", path: "/templates/{id}/reviews/{reviewer}/votes", params: r, user: VOTER })).status).toBe(201);
    expect((await exercise({ method: "DELETE", path: "/templates/{id}/reviews/{reviewer}/votes", params: r, user: VOTER })).status).toBe(200);
    const publisher = template.author;
    expect(
      (await exercise({ method: "PUT", path: "/templates/{id}/reviews/{reviewer}/reply", params: r, user: publisher, body: { content: "Thanks!" } })).status,
    ).toBe(200);
    expect((await exercise({ method: "DELETE", path: "/templates/{id}/reviews/{reviewer}/reply", params: r, user: publisher })).status).toBe(200);
    const event = { event_id: randomUUID(), template_id: ID, event: "launch", occurred_at: new Date().toISOString().replace(/\.\d+Z$/, "Z") };
    expect((await exercise({ method: "POST", path: "/templates/{id}/usage", params: t, user: REVIEWER, body: event })).status).toBe(201);
    expect((await exercise({ method: "GET", path: "/templates/{id}/analytics", params: t })).status).toBe(200);
    expect((await exercise({ method: "POST", path: "/templates/{id}/reports", params: t, user: REVIEWER, body: { reason: "broken" } })).status).toBe(201);
    // Registry changes as dry runs: validated and answered, nothing pushed (501 where npm start has no registry remote).
    const dry = { query: "dry_run=true", user: REVIEWER };
    await exercise({ method: "POST", path: "/templates", ...dry, body: { template: { template_id: "contract-new" }, readme: "# New\n" } });
    await exercise({ method: "PUT", path: "/templates/{id}", params: t, ...dry, body: { description: "Changed by the contract test." } });
    await exercise({ method: "DELETE", path: "/templates/{id}", params: t, ...dry, body: { reason: "contract test" } });
    await exercise({ method: "POST", path: "/templates/{id}/fork", params: t, ...dry, body: { template_id: "contract-fork" } });

    // The local registry's pull requests: a branch that was never pushed opens, and local CI fails it without changing anything.
    expect((await exercise({ method: "GET", path: "/pull-requests" })).status).toBe(200);
    const opened = await exercise({ method: "POST", path: "/pull-requests", user: REVIEWER, body: { head: "contract/never-pushed", title: "Contract test" } });
    expect(opened.status).toBe(201);
    const number = String((opened.body as { number: number }).number);
    expect((await exercise({ method: "GET", path: "/pull-requests/{number}", params: { number } })).status).toBe(200);

    const documented = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect([...covered].sort()).toEqual(documented.sort());
  });

  it("answers unknown ids and non-public templates with the documented JSON 404, never the site's page", async () => {
    const bodies: Record<string, unknown> = {
      "POST /templates/{id}/reviews": { rating: 5, title: "x", content: "y" },
      "PUT /templates/{id}/reviews/{reviewer}": { version: 1, rating: 4 },
      "PUT /templates/{id}/reviews/{reviewer}/reply": { content: "x" },
      "POST /templates/{id}/reports": { reason: "broken" },
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Json>)) {
      if (!path.includes("{id}")) continue;
      for (const [method, op] of Object.entries(ops as Record<string, Json>)) {
        // Registry changes look ids up in the registry, not the marketplace (and npm start may have none).
        if (op.tags?.[0] === "templates" && method !== "get") continue;
        const key = `${method.toUpperCase()} ${path}`;
        for (const id of ["no-such-template", PRIVATE_ID]) {
          const body =
            key === "POST /templates/{id}/usage"
              ? { event_id: randomUUID(), template_id: id, event: "launch", occurred_at: new Date().toISOString() }
              : bodies[key];
          const call: Call = {
            method: method.toUpperCase(),
            path,
            params: { id, reviewer: REVIEWER },
            user: path.endsWith("/votes") ? VOTER : REVIEWER,
            ...(body ? { body } : {}),
          };
          const answer = await exercise(call);
          expect([answer.status, answer.body], key).toMatchObject([404, { error: "TEMPLATE_NOT_FOUND" }]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    // A path under the API that no operation has is the API's JSON 404 too.
    const nowhere = await send(market.url, { method: "GET", path: "/no/such/endpoint" });
    expect([nowhere.status, nowhere.type, nowhere.body]).toMatchObject([404, "application/json", { error: "NO_SUCH_ENDPOINT" }]);
  });

  it("routes every API path through CloudFront to the API unchanged, reads only, and the tree's paths to the bucket", async () => {
    const route = cloudFrontRouter();
    const reads: Call[] = [
      { method: "GET", path: "/openapi.json" },
      { method: "GET", path: "/templates" },
      { method: "GET", path: "/templates", query: "category=bioinformatics" },
      { method: "GET", path: "/templates/{id}", params: { id: ID } },
      { method: "GET", path: "/templates/{id}", params: { id: "no-such-template" } },
      { method: "GET", path: "/templates/{id}", params: { id: PRIVATE_ID } },
      { method: "GET", path: "/templates/{id}/reviews", params: { id: ID } },
      { method: "GET", path: "/templates/{id}/reviews", params: { id: "no-such-template" } },
      { method: "GET", path: "/templates/{id}/reviews/{reviewer}", params: { id: ID, reviewer: REVIEWER } },
      { method: "GET", path: "/templates/{id}/analytics", params: { id: ID } },
    ];
    for (const call of reads) {
      const viaCloudFront = route(uriOf(call));
      expect(viaCloudFront, uriOf(call)).toMatchObject({ origin: "api", uri: uriOf(call) });
      expect(viaCloudFront.methods).toContain("GET");
      // What the API origin answers for the URI CloudFront forwards.
      check(call, await send(market.url, call));
    }
    // Every read operation of the document is reachable through CloudFront; writes never pass it.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of Object.keys(ops)) {
        const allowed = route(`${API_BASE}${path.replace(/\{[a-z_]+\}/g, "x")}`).methods.includes(method.toUpperCase());
        expect(allowed, `${method} ${path}`).toBe(method === "get");
        // CloudFront turns any origin's 403 into the site's 404 page, so no read may answer 403.
        if (method === "get") expect(Object.keys(ops[method].responses), `${method} ${path}`).not.toContain("403");
      }
    }
    for (const uri of ["/indexes/catalog.json", `/templates/${ID}/reviews.json`, `/templates/${ID}/metadata.json`, "/"])
      expect(route(uri).origin, uri).toBe("cdn");
    // The tree's own copy of the reviews is served from the bucket, beside the record.
    expect((await fetch(`${market.url}/templates/${ID}/reviews.json`)).status).toBe(200);
  });
});
