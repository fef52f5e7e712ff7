import { loadSchemas, SCHEMA_FILES, type SchemaName } from "../../core/schema/schemas.js";
import { HANDLE, TEMPLATE_ID } from "../../core/spec/ids.js";
import { API_BASE } from "../../core/spec/layout.js";
import { OPERATIONS } from "./routes.js";

type Json = Record<string, unknown>;

const PATH_PARAMS: Record<string, { description: string; pattern: string }> = {
  id: { description: "Template id.", pattern: TEMPLATE_ID.source },
  number: { description: "Pull request number.", pattern: "^[1-9][0-9]{0,8}$" },
  reviewer: { description: "Handle of the review's author (one review per reviewer per template).", pattern: HANDLE.source },
};

const FILE_TO_NAME = new Map<string, SchemaName>(Object.entries(SCHEMA_FILES).map(([name, file]): [string, SchemaName] => [file, name as SchemaName]));

/**
 * The OpenAPI 3.1 document of the live API, generated from OPERATIONS and the JSON Schemas in
 * schemas/ (OpenAPI 3.1 uses JSON Schema 2020-12, so they are embedded as components with their
 * cross-file $refs rewritten). Pure; the same input always gives the same document.
 */
export function openApiDocument(): Json {
  const used = new Set<SchemaName>();
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const parameters: Json[] = [];
    for (const name of [...op.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? "")) {
      const p = PATH_PARAMS[name];
      if (!p) throw new Error(`no description for path parameter ${name}`);
      parameters.push({ name, in: "path", required: true, description: p.description, schema: { type: "string", pattern: p.pattern } });
    }
    if (op.query) {
      const schema = schemaOf(op.query);
      for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
        const { description, ...rest } = prop;
        parameters.push({
          name,
          in: "query",
          required: false,
          description,
          schema: rest,
          ...(rest.type === "array" ? { style: "form", explode: true } : {}),
        });
      }
    }
    const responses: Record<string, Json> = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      if (spec.schema) used.add(spec.schema);
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? { content: { "application/json": { schema: ref(spec.schema) } } }
          : op.id === "getOpenApi"
            ? { content: { "application/json": { schema: { type: "object" } } } }
            : {}),
      };
    }
    if (op.body) used.add(op.body);
    if (op.auth && !("401" in responses)) throw new Error(`${op.id} needs auth but documents no 401`);
    const entry: Json = {
      operationId: op.id,
      summary: op.summary,
      description: op.description,
      tags: [op.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } } : {}),
      responses,
      // Public reads say so explicitly (an empty requirement), so no tool assumes a scheme applies.
      security: op.auth ? [{ awsIam: [] }, { devUser: [] }] : [],
    };
    const path = op.path;
    paths[path] = { ...(paths[path] ?? {}), [op.method]: entry };
  }

  // Every schema the used ones reference, transitively.
  const pending = [...used];
  while (pending.length > 0) {
    const name = pending.pop() as SchemaName;
    for (const target of referencedFiles(schemaOf(name))) {
      if (!used.has(target)) {
        used.add(target);
        pending.push(target);
      }
    }
  }
  const components: Record<string, Json> = {};
  for (const name of [...used].sort()) {
    const { $schema: _s, $id: _i, ...schema } = schemaOf(name);
    components[componentName(name)] = rewrite(schema, componentName(name)) as Json;
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "CloudWorkstation Template Marketplace API",
      version: "1.0.0",
      // The project has chosen no license yet (package.json is private, no LICENSE file): npm's word for that.
      license: { name: "UNLICENSED" },
      description:
        "Reviews, ratings, usage analytics and moderation for the template marketplace, and registry changes (publish, update, deprecate, fork) made as pull requests to the git registry (docs/api.md). Reads need no identity. Writes need a caller: AWS SigV4 (function URL IAM auth) when deployed; the X-CWS-User header in local development only, refused by the deployed API.",
    },
    servers: [{ url: API_BASE, description: "The same origin as the CDN tree" }],
    tags: [
      { name: "templates", description: "The catalog, and changes to it as pull requests to the registry." },
      { name: "reviews", description: "Reviews, helpful votes and publisher replies." },
      { name: "usage", description: "Usage events and analytics." },
      { name: "moderation", description: "Reports to the moderators." },
      { name: "meta", description: "About the API." },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        awsIam: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "AWS Signature Version 4 (the Lambda function URL's AWS_IAM auth); the caller is the signing principal.",
        },
        devUser: {
          type: "apiKey",
          in: "header",
          name: "X-CWS-User",
          description: "Development only (npm start, tests): the caller's handle, taken on trust. The deployed API refuses requests that carry it.",
        },
      },
    },
  };
}

function schemaOf(name: SchemaName): Json {
  const schema = loadSchemas().get(name);
  if (!schema) throw new Error(`unknown schema ${name}`);
  return schema as Json;
}

function componentName(name: SchemaName): string {
  return String(schemaOf(name).title ?? name);
}

function ref(name: SchemaName): Json {
  return { $ref: `#/components/schemas/${componentName(name)}` };
}

function referencedFiles(node: unknown): SchemaName[] {
  if (Array.isArray(node)) return node.flatMap(referencedFiles);
  if (!node || typeof node !== "object") return [];
  const out: SchemaName[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) {
      const target = FILE_TO_NAME.get(value.split("#")[0] ?? "");
      if (!target) throw new Error(`$ref ${value} names no schema in SCHEMA_FILES`);
      out.push(target);
    } else out.push(...referencedFiles(value));
  }
  return out;
}

/** Points "#/$defs/x" at the component's own $defs and "file.schema.json#frag" at that file's component. */
function rewrite(node: unknown, self: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, self));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      const [file = "", fragment = ""] = value.split("#");
      const target = file === "" ? self : componentName(FILE_TO_NAME.get(file) as SchemaName);
      out[key] = `#/components/schemas/${target}${fragment}`;
    } else out[key] = rewrite(value, self);
  }
  return out;
}
