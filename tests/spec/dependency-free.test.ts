import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run.js";

const SPEC = join(ROOT, "core/spec");
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^"'`]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/gm;

/** Every import of a file: its specifier and whether it is type-only (erased at compile time). */
function importsOf(text: string): { specifier: string; typeOnly: boolean }[] {
  return [...text.matchAll(IMPORT)].map((m) => ({ specifier: m[3] ?? m[4] ?? m[5] ?? "", typeOnly: Boolean(m[2]) }));
}

/** Sibling modules, or the generated types for their shapes only: no IO, SDK, git, lunr, other folders. */
function allowed(i: { specifier: string; typeOnly: boolean }): boolean {
  if (/^\.\/[\w-]+\.js$/.test(i.specifier)) return true;
  return i.typeOnly && i.specifier === "../types/generated.js";
}

describe("core/spec is dependency-free", () => {
  const files = readdirSync(SPEC).filter((f) => f.endsWith(".ts"));

  it("has modules to check", () => {
    expect(files).toContain("layout.ts");
  });

  it.each(files)("%s imports only siblings and generated types", (file) => {
    const bad = importsOf(readFileSync(join(SPEC, file), "utf8")).filter((i) => !allowed(i));
    expect(bad).toEqual([]);
  });

  it("recognises the imports it must refuse", () => {
    const sample = [
      'import { readFileSync } from "node:fs";',
      'import lunr from "lunr";',
      'import { S3Client } from "@aws-sdk/client-s3";',
      'import { x } from "../build/catalog.js";',
      'import { Catalog } from "../types/generated.js";',
      'const git = await import("isomorphic-git");',
      'import type { Catalog as C } from "../types/generated.js";',
      'import { API_BASE } from "./layout.js";',
    ].join("\n");
    expect(
      importsOf(sample)
        .filter((i) => !allowed(i))
        .map((i) => i.specifier),
    ).toEqual(["node:fs", "lunr", "@aws-sdk/client-s3", "../build/catalog.js", "../types/generated.js", "isomorphic-git"]);
  });

  it("is also enforced by Biome for editors and `npm run lint`", () => {
    const biome = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8")) as { overrides: { includes: string[]; linter?: unknown }[] };
    const override = biome.overrides.find((o) => o.includes.includes("core/spec/**"));
    expect(JSON.stringify(override?.linter)).toContain("noRestrictedImports");
  });
});
