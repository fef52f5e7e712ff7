import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { standaloneValidators, validatorFor } from "../../core/schema/ajv.js";
import type { SchemaName } from "../../core/schema/schemas.js";
import { CORPUS } from "../helpers/corpus.js";
import { ROOT, tempDir } from "../helpers/run.js";

/** Every JSON document of the bad-input corpus and the registry, with the schema it is checked against. */
function documents(): [string, SchemaName, unknown][] {
  const out: [string, SchemaName, unknown][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json")) {
        const schema = (
          { "template.json": "template", "categories.json": "categories", "featured.json": "featured", "maintainers.json": "maintainers" } as const
        )[entry.name];
        if (!schema) continue;
        try {
          out.push([relative(ROOT, full), schema, JSON.parse(readFileSync(full, "utf8"))]);
        } catch {
          // Not JSON (the syntax cases): nothing for a schema to see.
        }
      }
    }
  };
  walk(CORPUS);
  walk(join(ROOT, "registry"));
  // Broken copies of the valid templates: each field dropped, of the wrong type, or misspelt.
  for (const [path, schema, doc] of [...out]) {
    if (schema !== "template" || !doc || typeof doc !== "object" || path.includes("invalid")) continue;
    for (const key of Object.keys(doc)) {
      const { [key]: dropped, ...rest } = doc as Record<string, unknown>;
      out.push([`${path} without ${key}`, schema, rest]);
      out.push([`${path} with ${key} a number`, schema, { ...rest, [key]: 12345 }]);
      out.push([`${path} with ${key} misspelt`, schema, { ...rest, [`${key}x`]: dropped }]);
    }
  }
  return out;
}

describe("validators compiled ahead of time (what npm run validate loads)", () => {
  const names = ["template", "categories", "featured", "maintainers"] as const;

  it("give exactly the errors of the validators compiled at run time, for every corpus document", async () => {
    const file = join(tempDir("cws-standalone-"), "validators.mjs");
    // The module calls require; the launcher defines it the same way.
    writeFileSync(
      file,
      `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(join(ROOT, "package.json"))});\n${standaloneValidators(names)}`,
    );
    const ahead = (await import(pathToFileURL(file).href)) as Record<string, ((data: unknown) => boolean) & { errors?: unknown }>;
    const docs = documents();
    expect(docs.length).toBeGreaterThan(60);
    let invalid = 0;
    for (const [path, schema, doc] of docs) {
      const runtime = validatorFor(schema);
      const compiled = ahead[schema];
      expect(compiled, schema).toBeDefined();
      const ok = runtime(doc);
      const errors = structuredClone(runtime.errors);
      expect(compiled?.(doc), path).toBe(ok);
      expect(compiled?.errors ?? null, path).toEqual(errors ?? null);
      if (!ok) invalid++;
    }
    // The corpus must exercise the error paths, not only valid documents.
    expect(invalid).toBeGreaterThan(500);
  });
});
