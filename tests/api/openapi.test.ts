import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../apps/api/app.js";
import { openApiDocument } from "../../apps/api/openapi.js";
import { honoPath, OPERATIONS } from "../../apps/api/routes.js";
import { API_BASE } from "../../core/spec/layout.js";
import { type Community, call, startCommunity } from "./helpers.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
let community: Community;
let app: Hono;

beforeAll(async () => {
  community = await startCommunity("oa-");
  app = createApp({ client: community.client, tablePrefix: community.prefix, identity: { kind: "dev-header" } }) as unknown as Hono;
});
afterAll(() => community.close());

function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refs(v)));
}

function resolvePointer(doc: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

describe("OpenAPI", () => {
  it("is served at /api/v1/marketplace/openapi.json and equals the generated document", async () => {
    const res = await call(app, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(openApiDocument());
  });

  it("documents every route the app serves, with every $ref resolving inside the document", () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${honoPath(path)}`));
    const served = app.routes.filter((r) => r.path.startsWith(API_BASE)).map((r) => `${r.method} ${r.path}`);
    expect(new Set(served)).toEqual(new Set(documented));
    expect(documented).toHaveLength(OPERATIONS.length);
    for (const ref of refs(doc)) expect(resolvePointer(doc, ref), ref).toBeDefined();
    // The embedded schemas still compile as JSON Schema 2020-12 with the refs rewritten.
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: "doc", components: doc.components } as never);
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`doc#/components/schemas/${name}`), name).toBeTypeOf("function");
  });

  it("describes the answers the app really gives", async () => {
    const doc = openApiDocument() as { components: unknown };
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: "doc", components: doc.components } as never);
    const list = await call(app, "GET", "/templates?limit=2");
    expect(ajv.validate("doc#/components/schemas/CommunityTemplateList", list.body), JSON.stringify(ajv.errors)).toBe(true);
    const error = await call(app, "GET", "/templates?limit=500");
    expect(ajv.validate("doc#/components/schemas/ApiError", error.body)).toBe(true);
    expect(ajv.validate("doc#/components/schemas/ApiError", { error: "lower-case", message: "" })).toBe(false);
  });

  it("declares 401 for every operation that needs a caller, and an error schema for every error", () => {
    for (const op of OPERATIONS) {
      if (op.auth) expect(op.responses[401], op.id).toBeDefined();
      // Bodies are cut at 64 KiB while they stream and must be JSON.
      if (op.body)
        expect([op.responses[413]?.description, op.responses[415]?.description], op.id).toEqual([
          expect.stringContaining("BODY_TOO_LARGE"),
          expect.stringContaining("UNSUPPORTED_MEDIA_TYPE"),
        ]);
      for (const [status, spec] of Object.entries(op.responses)) if (Number(status) >= 400) expect(spec.schema, `${op.id} ${status}`).toBe("apiError");
    }
  });

  it("passes independent validators: the OpenAPI 3.1 schema and Redocly's recommended rules", async () => {
    const doc = openApiDocument();
    expect(await new Validator().validate(doc as never)).toEqual({ valid: true });
    const config = await createConfig({
      extends: ["recommended"],
      rules: {
        // Its one false alarm: `required` inside if/then names properties the enclosing schema defines.
        "no-required-schema-properties-undefined": "off",
        // GET openapi.json has no request to refuse, so no 4xx to document.
        "operation-4xx-response": "off",
        // The project has chosen no license yet (info.license is UNLICENSED), so no SPDX identifier or URL exists.
        "info-license-strict": "off",
      },
    });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "/openapi.json", config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
    // What the linter asked for: public reads say they need nothing, and the document has a license.
    for (const op of OPERATIONS.filter((o) => !o.auth))
      expect((doc as { paths: Record<string, Record<string, { security?: unknown }>> }).paths[op.path]?.[op.method]?.security, op.id).toEqual([]);
  });
});
