import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HANDLE, SEMVER, TEMPLATE_ID } from "../../core/spec/ids.js";
import { ROOT } from "../helpers/run.js";

/** Source files (tracked or new, not ignored): what ships or runs, not tests, docs or generated output. */
function sourceFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  return listed
    .split("\n")
    .filter((f) => /\.(ts|mts|mjs|js|astro)$/.test(f))
    .filter((f) => !f.startsWith("tests/") && !f.startsWith("core/spec/") && !f.startsWith("docs/"))
    .filter((f) => f !== "core/types/generated.ts"); // generated from the schemas' descriptions
}

function spelledBy(literal: string): string[] {
  return sourceFiles().filter((f) => readFileSync(join(ROOT, f), "utf8").includes(literal));
}

describe("the client contract has one home (core/spec)", () => {
  it.each(["api/v1/marketplace", "indexes/catalog.json", "indexes/search-index.json", "(?:[a-z0-9]|-(?=[a-z0-9]))"])(
    "no source file outside core/spec spells %s",
    (literal) => {
      expect(spelledBy(literal)).toEqual([]);
    },
  );

  it("the id patterns are the schemas' own", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas/template.schema.json"), "utf8")) as {
      $defs: { authored: { properties: { template_id: { pattern: string } } }; handle: { pattern: string }; semver: { pattern: string } };
    };
    expect(TEMPLATE_ID.source).toBe(schema.$defs.authored.properties.template_id.pattern);
    expect(HANDLE.source).toBe(schema.$defs.handle.pattern);
    expect(SEMVER.source).toBe(schema.$defs.semver.pattern);
  });
});
