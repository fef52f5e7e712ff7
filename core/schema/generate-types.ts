import { compile } from "json-schema-to-typescript";
import { loadSchemas } from "./schemas.js";

const BANNER = `/* Generated from schemas/*.schema.json by \`npm run gen:types\`. Do not edit: change the schema and regenerate. */`;

type Json = { [key: string]: unknown };

/**
 * Renders TypeScript types for every schema in one pass. The schemas are first bundled into a
 * single document whose $defs hold every root and definition, because json-schema-to-typescript
 * resolves cross-file $id references poorly. Pure apart from reading the schema files.
 */
export async function generateTypes(): Promise<string> {
  const bundle: Json = { title: "SchemaBundle", type: "object", additionalProperties: false, properties: {}, $defs: {} };
  const defs = bundle.$defs as Json;
  for (const schema of loadSchemas().values()) {
    const { $schema: _s, $id: _i, $defs: own, ...root } = schema as Json;
    Object.assign(defs, own ?? {});
    defs[String(root.title)] = root;
  }
  const ts = await compile(rewriteRefs(bundle) as never, "SchemaBundle", {
    bannerComment: BANNER,
    additionalProperties: false,
    declareExternallyReferenced: true,
    strictIndexSignatures: true,
    unreachableDefinitions: true,
    format: true,
    style: { printWidth: 100 },
  });
  // The bundle type itself is an artefact of generation, not a data shape.
  return ts.replace(/\nexport interface SchemaBundle \{\}\n/, "\n");
}

// Points cross-file refs into the bundle. A description beside a $ref is for editors; left in,
// it makes json-schema-to-typescript declare a duplicate type (Environment1, PackageList2...).
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  const isRef = typeof (node as Json).$ref === "string";
  for (const [key, value] of Object.entries(node)) {
    if (isRef && key === "description") continue;
    out[key] = key === "$ref" && typeof value === "string" ? `#${value.split("#")[1] ?? ""}` : rewriteRefs(value);
  }
  return out;
}
