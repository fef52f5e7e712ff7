import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { validatorFor } from "../../core/schema/ajv.js";
import { fixturePath } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TIMEOUT = 60_000;
const tmpRoots: string[] = [];

function registry(categories?: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "cws-import-"));
  tmpRoots.push(dir);
  if (categories) {
    const list = categories.map((id) => ({ id, name: id, description: `Templates about ${id}.` }));
    writeFileSync(join(dir, "categories.json"), JSON.stringify({ categories: list }));
  }
  return dir;
}

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npx", ["tsx", "scripts/import.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: TIMEOUT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
}

afterAll(() => {
  for (const dir of tmpRoots) rmSync(dir, { recursive: true, force: true });
});

describe("npm run import", () => {
  it(
    "writes template.json and README.md, refuses to overwrite without --force, overwrites with it",
    () => {
      const reg = registry();
      const file = fixturePath("conda-ml.yml");
      const first = run(file, "--registry", reg);
      expect(first.stderr).toContain(`${file}:60:5 CWS504/import-dropped-field /users/0/password: password of user "researcher" is not carried over`);
      expect(first.status).toBe(0);
      const dir = join(reg, "templates", "python-ml-workstation");
      expect(first.stdout).toContain(join(dir, "template.json"));

      const written = JSON.parse(readFileSync(join(dir, "template.json"), "utf8"));
      expect(validatorFor("template")(written)).toBe(true);
      expect(written).toMatchObject({ template_id: "python-ml-workstation", version: "1.0.0", publication: { license: "Apache-2.0" } });
      expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# Python Machine Learning Workstation\n[\s\S]*## What is installed/);

      const again = run(file, "--registry", reg, "--license", "MIT");
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/already exists/);
      expect(again.stderr).toContain("--force");
      expectNoStack(again.stderr);
      expect(JSON.parse(readFileSync(join(dir, "template.json"), "utf8")).publication.license).toBe("Apache-2.0");

      const forced = run(file, "--registry", reg, "--license", "MIT", "--force");
      expect(forced.status).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, "template.json"), "utf8")).publication.license).toBe("MIT");
    },
    TIMEOUT,
  );

  it(
    "exits 1 on a YAML syntax error, prints file:line:col CODE, and writes nothing",
    () => {
      const reg = registry();
      const file = fixturePath("not-yaml.yml");
      const r = run(file, "--registry", reg, "--author", "jdoe", "--category", "misc");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${file}:5:1 CWS501/yaml-syntax YAML syntax error`);
      expectNoStack(r.stderr);
      expect(existsSync(join(reg, "templates"))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "checks the category against the registry's categories.json and prints errors before warnings",
    () => {
      const reg = registry(["machine-learnin", "statistics"]);
      const file = fixturePath("conda-ml.yml");
      const bad = run(file, "--registry", reg);
      expect(bad.status).toBe(1);
      const lines = bad.stderr.trim().split("\n");
      expect(lines[0]).toMatch(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:13:\\d+ CWS503/import-unsupported /category: no category: no category in registry/categories.json matches "Machine Learning".*machine-learnin.*$`,
        ),
      );
      const firstWarning = lines.findIndex((l) => / CWS504\//.test(l));
      expect(firstWarning).toBeGreaterThan(0);
      expect(lines.slice(firstWarning).some((l) => / CWS503\//.test(l))).toBe(false);

      const good = run(file, "--registry", reg, "--category", "machine-learnin", "--id", "ml-box", "--owner", "alice");
      expect(good.status).toBe(0);
      const t = JSON.parse(readFileSync(join(reg, "templates", "ml-box", "template.json"), "utf8"));
      expect(t).toMatchObject({ template_id: "ml-box", category: "machine-learnin", owners: ["cloudworkstation-team", "alice"] });
    },
    TIMEOUT,
  );

  it(
    "exits 2 on usage errors without a stack trace",
    () => {
      const reg = registry();
      for (const args of [
        [],
        ["--bogus", fixturePath("minimal.yml")],
        [fixturePath("minimal.yml"), "--author", "Not A Handle"],
        [join(reg, "missing.yml")],
        [fixturePath("minimal.yml"), "--id", "x"],
      ]) {
        const r = run(...args, "--registry", reg);
        expect(r.status, args.join(" ")).toBe(2);
        expect(r.stderr).toMatch(/^error( [A-Z0-9_]+)?: /m);
        expectNoStack(r.stderr);
      }
      expect(existsSync(join(reg, "templates"))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "exits 1 when required marketplace facts are missing, naming the flag to pass",
    () => {
      const reg = registry();
      mkdirSync(join(reg, "templates"));
      const r = run(fixturePath("minimal.yml"), "--registry", reg);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("--author");
      expect(r.stderr).toContain("--category");
      expect(r.stderr).toMatch(/not imported \(2 errors, 1 warning\)/);
    },
    TIMEOUT,
  );
});
