import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isStale } from "../../scripts/lib/bundled-script.mjs";
import { copyRegistry, ROOT, runScript, tempDir } from "../helpers/run.js";

/** What `npm run validate` runs (package.json), without npm. */
function runLauncher(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts/validate.mjs"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run validate runs the validator from a bundle", () => {
  it("is what the npm script runs", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.validate).toBe("node scripts/validate.mjs");
  });

  it("prints the same diagnostics and exit status as the TypeScript script", () => {
    const registry = copyRegistry();
    const file = join(registry, "templates", "genomics-pipeline-v3", "template.json");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace('"tags"', '"tgas"')
        .replace(/"name": "[^"]*"/, '"name": 7'),
    );
    const viaTsx = runScript("validate.ts", ["--registry", registry, "--format", "json"]);
    const bundled = runLauncher(["--registry", registry, "--format", "json"]);
    expect(bundled.stderr).toBe("");
    expect(bundled.status).toBe(1);
    expect(bundled.stdout).toContain("CWS102");
    expect(bundled.stdout).toContain("CWS103");
    expect(bundled).toEqual(viaTsx);
    // The template schema came compiled with the bundle.
    expect(readFileSync(join(ROOT, "scripts/dist/validate.validators.mjs"), "utf8")).toContain("export const template");
  });
});

describe("isStale", () => {
  const root = tempDir("cws-bundle-");
  mkdirSync(join(root, "core"));
  const input = join(root, "core", "a.ts");
  writeFileSync(input, "export {};\n");
  const past = new Date(Date.now() - 60_000);
  utimesSync(input, past, past);

  it("keeps a bundle built after every input changed", () => {
    expect(isStale({ builtAt: Date.now() - 1000, inputs: ["core/a.ts"] }, root)).toBe(false);
  });

  it("rebuilds when an input changed after the build, is missing, or nothing was recorded", () => {
    expect(isStale({ builtAt: past.getTime() - 1000, inputs: ["core/a.ts"] }, root)).toBe(true);
    expect(isStale({ builtAt: Date.now(), inputs: ["core/a.ts", "core/gone.ts"] }, root)).toBe(true);
    expect(isStale(undefined, root)).toBe(true);
  });
});
