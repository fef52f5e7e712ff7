import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
// Static imports, re-exports and dynamic imports of relative modules, type-only ones included.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;

/** The project files a source file imports, as paths relative to the repository. */
function importsOf(file: string, text = readFileSync(join(ROOT, file), "utf8")): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => relative(ROOT, resolve(ROOT, dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts"))));
}

/** Every file reachable from `start` through relative imports. */
function closure(start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file) || !existsSync(join(ROOT, file))) continue;
    seen.add(file);
    todo.push(...importsOf(file));
  }
  return seen;
}

const community = readdirSync(join(ROOT, "core/community"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => `core/community/${f}`);

describe("core/community's imports", () => {
  it("finds static, type-only, re-exported and dynamic imports", () => {
    const text = [
      'import { a } from "../build/a.js";',
      'import type { B } from "../build/b.js";',
      'export { c } from "./c.js";',
      'const d = await import("../build/d.js");',
      'import "./e.js";',
      'import { f } from "vitest";',
    ].join("\n");
    expect(importsOf("core/community/x.ts", text)).toEqual([
      "core/build/a.ts",
      "core/build/b.ts",
      "core/community/c.ts",
      "core/build/d.ts",
      "core/community/e.ts",
    ]);
  });

  it("never reach core/build, directly or through another module: the build depends on the community side, not back", () => {
    expect(community.length).toBeGreaterThan(5);
    const reached = [...closure(community)].filter((f) => f.startsWith("core/build/"));
    expect(reached).toEqual([]);
  });

  it("make no folder cycle: nothing core/community uses imports core/community back", () => {
    const reached = [...closure(community)].filter((f) => !f.startsWith("core/community/"));
    expect(reached.length).toBeGreaterThan(0);
    const back = reached.filter((f) => importsOf(f).some((i) => i.startsWith("core/community/")));
    expect(back).toEqual([]);
  });
});
