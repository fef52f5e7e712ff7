import { readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyRegistry, runScript } from "../helpers/run.js";

const ID = "genomics-pipeline-v3";

/** Edits the seeded registry's genomics template as text and returns where the edit landed. */
function editTemplate(registry: string, edit: (text: string) => string, marker: string) {
  const file = join(registry, "templates", ID, "template.json");
  const text = edit(readFileSync(file, "utf8"));
  writeFileSync(file, text);
  const offset = text.indexOf(marker);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}

const shown = (registry: string) => `${registry}/templates/${ID}/template.json`;

describe("npm run validate", () => {
  it("passes on the seeded registry and prints a summary", () => {
    const result = runScript("validate.ts", []);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^✔ \d+ templates valid$/m);
    expect(result.status).toBe(0);
  });

  it.each([
    ["unknown category", (t: string) => t.replace(/"category": "[^"]+"/, '"category": "genomic"'), '"genomic"', "CWS205", "/category"],
    ["trailing comma", (t: string) => t.replace(/"ngs"\s*\]/, '"ngs",]'), ",]", "CWS002", ""],
    ["unknown region", (t: string) => t.replace('"us-east-1"', '"mars-north-1"'), '"mars-north-1"', "CWS207", "/regions/0"],
    ["duplicate key", (t: string) => t.replace(/\n(\s*)"category"/, '\n$1"name": "Again",\n$1"category"'), '"name": "Again"', "CWS003", "/name"],
    ["typo in a field name", (t: string) => t.replace('"tags"', '"tgas"'), '"tgas"', "CWS102", "/tgas"],
  ])("reports %s with its file, line, column and pointer", (_name, edit, marker, code, pointer) => {
    const registry = copyRegistry();
    const at = editTemplate(registry, edit, marker);
    const result = runScript("validate.ts", ["--registry", registry]);
    expect(result.status).toBe(1);
    const prefix = `${shown(registry)}:${at.line}:${at.column} ${code}/`;
    const line = result.stdout.split("\n").find((l) => l.startsWith(prefix));
    expect(line, result.stdout).toBeDefined();
    if (pointer) expect(line).toContain(` ${pointer}: `);
    expect(line).toMatch(/\(.+\)$/); // every problem carries a hint
    expect(result.stdout).toMatch(/^✖ \d+ errors?, \d+ warnings? in \d+ templates$/m);
    expect(result.stdout + result.stderr).not.toMatch(/\bat .+\.ts:\d+/); // no stack traces
  });

  it("reports a byte-order mark, a symlink and missing docs together, errors before warnings", () => {
    const registry = copyRegistry();
    const file = join(registry, "templates", ID, "template.json");
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(file)]));
    symlinkSync("/etc/passwd", join(registry, "templates", ID, "passwd.md"));
    const otherId = readdirSync(join(registry, "templates")).find((id) => id !== ID) ?? "";
    rmSync(join(registry, "templates", otherId, "README.md"));
    const result = runScript("validate.ts", ["--registry", registry, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      version: number;
      summary: { errors: number };
      diagnostics: { code: string; file: string; line: number; severity: string }[];
    };
    expect(report.version).toBe(1);
    const codes = report.diagnostics.map((d) => `${d.code} ${d.file.split("/").slice(-2).join("/")}`);
    expect(codes).toContain(`CWS001 ${ID}/template.json`);
    expect(codes).toContain(`CWS006 ${ID}/passwd.md`);
    expect(codes).toContain(`CWS215 ${otherId}/README.md`);
    expect(report.summary.errors).toBe(report.diagnostics.filter((d) => d.severity === "error").length);
    const severities = report.diagnostics.map((d) => d.severity);
    expect(severities).toEqual([...severities].sort());
  });

  it("exits 0 when there are only warnings", () => {
    const registry = copyRegistry();
    editTemplate(registry, (t) => t.replace(/"system": \[\s*"([^"]+)"/, '"system": ["$1", "$1"'), '"system"');
    const result = runScript("validate.ts", ["--registry", registry]);
    expect(result.stdout).toMatch(/ CWS222\/package-duplicate /);
    expect(result.stdout).toMatch(/^⚠ 0 errors, 1 warning in/m);
    expect(result.status).toBe(0);
  });

  it("prints GitHub annotations with escaped properties", () => {
    const registry = copyRegistry();
    const at = editTemplate(registry, (t) => t.replace(/"category": "[^"]+"/, '"category": "genomic"'), '"genomic"');
    const result = runScript("validate.ts", ["--registry", registry, "--format", "github"]);
    expect(result.stdout).toContain(
      `::error file=${shown(registry)},line=${at.line},col=${at.column},title=CWS205 /category::category "genomic" is not in registry/categories.json`,
    );
  });

  it("gives usage errors exit 2 without a stack trace", () => {
    const missing = runScript("validate.ts", ["--registry", "/nonexistent/registry"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error CWS010: registry folder \/nonexistent\/registry does not exist\n {2}hint: /);
    const bad = runScript("validate.ts", ["--frmat", "json"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--frmat'");
    expect(bad.stderr).not.toContain("    at ");
  });
});
