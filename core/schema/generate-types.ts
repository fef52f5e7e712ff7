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
    for (const [name, def] of Object.entries((own ?? {}) as Json)) {
      // The bundle flattens every file's $defs into one namespace, so names must be unique.
      if (name in defs) throw new Error(`$defs/${name} is defined in more than one schema; rename one`);
      defs[name] = def;
    }
    defs[String(root.title)] = root;
  }
  const titles = new Map([...loadSchemas().values()].map((s) => [s.$id.split("/").pop() ?? "", String(s.title)]));
  const ts = await compile(rewriteRefs(bundle, titles) as never, "SchemaBundle", {
    bannerComment: BANNER,
    additionalProperties: false,
    declareExternallyReferenced: true,
    strictIndexSignatures: true,
    unreachableDefinitions: true,
    format: true,
    // Tuples for every length up to maxItems are unreadable; the schema still enforces the bound.
    ignoreMinAndMaxItems: true,
    style: { printWidth: 100 },
  });
  // The bundle type itself is an artefact of generation, not a data shape.
  return ts.replace(/\nexport interface SchemaBundle \{\}\n/, "\n");
}

// Points cross-file refs into the bundle. A description beside a $ref is for editors; left in,
// it makes json-schema-to-typescript declare a duplicate type (Environment1, PackageList2...).
function rewriteRefs(node: unknown, titles: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((child) => rewriteRefs(child, titles));
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  const isRef = typeof (node as Json).$ref === "string";
  for (const [key, value] of Object.entries(node)) {
    if (isRef && key === "description") continue;
    out[key] = key === "$ref" && typeof value === "string" ? bundleRef(value, titles) : rewriteRefs(value, titles);
  }
  return out;
}

// "#/$defs/x" and "other.schema.json#/$defs/x" become "#/$defs/x"; a whole file becomes its root's entry.
function bundleRef(ref: string, titles: ReadonlyMap<string, string>): string {
  const [file = "", fragment] = ref.split("#");
  if (fragment !== undefined && fragment !== "") return `#${fragment}`;
  const title = titles.get(file.split("/").pop() ?? "");
  if (!title) throw new Error(`cannot bundle $ref ${ref}`);
  return `#/$defs/${title}`;
}
