import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../core/diagnostics/rules.js";
import { validateRegistry } from "../../core/validate/validate-registry.js";
import { actualLines, CORPUS, caseSnapshot, corpusCases, expectedLines } from "../helpers/corpus.js";

const invalid = corpusCases("invalid");

describe("bad-input corpus", () => {
  it.each(invalid)("%s reports exactly its expected diagnostics", (name) => {
    const dir = join(CORPUS, "invalid", name);
    const result = validateRegistry(caseSnapshot(dir));
    expect(actualLines(result.diagnostics)).toEqual(expectedLines(dir));
    // The case is named for the rule it exercises, and that rule must fire.
    const code = name.slice(0, 6);
    expect(result.diagnostics.map((d) => d.code)).toContain(code);
  });

  it("has an invalid fixture for every registry rule code", () => {
    // Git rules need real repositories (git-rules.test.ts), import rules need YAML (tests/import),
    // and symlinks and unreadable files need a real file system (filesystem.test.ts).
    const elsewhere = /^CWS(4\d\d|5\d\d|006|010)$/;
    // CWS107 is the catch-all for schema keywords the current schemas do not use.
    const uncovered = Object.keys(RULES).filter((code) => !elsewhere.test(code) && code !== "CWS107" && !invalid.some((n) => n.startsWith(code)));
    expect(uncovered).toEqual([]);
  });

  it("base registry of the corpus is itself valid", () => {
    const result = validateRegistry(caseSnapshot(join(CORPUS, "no-such-case")));
    expect(result.diagnostics).toEqual([]);
    expect(result.templates).toBe(2);
  });
});
