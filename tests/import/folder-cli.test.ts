import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";
import { ROOT } from "./corpus-helpers.js";

const TIMEOUT = 60_000;
const tmpRoots: string[] = [];

/** A copy of the repository's registry (22 templates, categories, featured), to import into. */
function registryCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "cws-import-folder-"));
  tmpRoots.push(dir);
  cpSync(join(ROOT, "registry"), join(dir, "registry"), { recursive: true });
  return join(dir, "registry");
}

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npx", ["tsx", "scripts/import.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: TIMEOUT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  for (const dir of tmpRoots) rmSync(dir, { recursive: true, force: true });
});

describe("npm run import -- <folder>", () => {
  it(
    "with --dry-run validates every file, prints the summary table and writes nothing",
    () => {
      const reg = registryCopy();
      const before = readdirSync(join(reg, "templates")).sort();
      const r = run("tests/import/corpus", "--registry", reg, "--author", "me", "--owner", "me", "--dry-run");
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(
        `${[
          "file                                            id                             result           warnings",
          "tests/import/corpus/base-rocky9.yml             -                              refused                 2",
          "tests/import/corpus/community/cycle-a.yml       -                              refused                 0",
          "tests/import/corpus/community/cycle-b.yml       -                              refused                 0",
          "tests/import/corpus/deep-learning-ami.yml       deep-learning-ami              valid (dry run)         2",
          "tests/import/corpus/genomics-go-yaml.yml        genomics-pipeline-workstation  valid (dry run)         4",
          "tests/import/corpus/missing-parent.yml          -                              refused                 0",
          "tests/import/corpus/neuro-hpc.yml               neuroimaging-hpc-stack         valid (dry run)         3",
          "tests/import/corpus/python-ml-configurable.yml  python-ml-config               valid (dry run)         5",
          "tests/import/corpus/python-ml-gpu.yml           python-ml-gpu-workstation      valid (dry run)         1",
          "tests/import/corpus/r-research.yml              r-research                     valid (dry run)         6",
          "tests/import/corpus/rocky9-conda-stack.yml      rocky-conda                    valid (dry run)         4",
          "tests/import/corpus/rocky9-gpu-ml.yml           rocky-gpu-ml                   valid (dry run)         5",
          "",
          "12 files: 8 would be written, 4 refused",
        ].join("\n")}\n`,
      );
      expect(r.stderr).toContain("tests/import/corpus/missing-parent.yml:6:5 CWS502/not-a-template /inherits/0: parent template");
      expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(readdirSync(join(reg, "templates")).sort()).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    "writes every template CloudWorkstation can launch, and the registry validates afterwards",
    async () => {
      const reg = registryCopy();
      const r = run("tests/import/corpus", "--registry", reg, "--author", "me", "--owner", "me", "--default-category", "education");
      expect(r.status).toBe(1); // the missing parent and the cycle are refused
      const rows = r.stdout.trim().split("\n");
      expect(rows.slice(1, 4)).toEqual([
        "tests/import/corpus/base-rocky9.yml             rocky-linux-9-base             written         2",
        "tests/import/corpus/community/cycle-a.yml       -                              refused         0",
        "tests/import/corpus/community/cycle-b.yml       -                              refused         0",
      ]);
      expect(rows.at(-1)).toBe("12 files: 9 written, 3 refused");
      for (const id of ["rocky-linux-9-base", "rocky-conda", "rocky-gpu-ml", "r-research", "python-ml-config", "python-ml-gpu-workstation"]) {
        expect(existsSync(join(reg, "templates", id, "template.json")), id).toBe(true);
      }
      const report = await validateRegistryDir(reg);
      expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(report.templates).toBe(22 + 9);
    },
    TIMEOUT,
  );

  it(
    "finds parents in --templates-dir for a file kept elsewhere, and refuses without it",
    () => {
      const reg = registryCopy();
      const elsewhere = mkdtempSync(join(tmpdir(), "cws-import-child-"));
      tmpRoots.push(elsewhere);
      cpSync(join(ROOT, "tests/import/corpus/rocky9-gpu-ml.yml"), join(elsewhere, "gpu.yml"));
      const alone = run(join(elsewhere, "gpu.yml"), "--registry", reg, "--author", "me", "--dry-run");
      expect(alone.status).toBe(1);
      expect(alone.stderr).toContain(
        `${join(elsewhere, "gpu.yml")}:6:12 CWS502/not-a-template /inherits/0: parent template "Rocky Linux 9 + Conda Stack" not found (parents are found by their name: field among the YAML files in this file's folder and --templates-dir; no other templates were found there)`,
      );
      const found = run(join(elsewhere, "gpu.yml"), "--registry", reg, "--author", "me", "--templates-dir", "tests/import/corpus");
      expect(found.status).toBe(0);
      expect(found.stdout).toContain(`wrote ${join(reg, "templates", "rocky-gpu-ml", "template.json")}`);
    },
    TIMEOUT,
  );

  it(
    "on a terminal, asks for the category when nothing in the YAML maps to one",
    () => {
      const reg = registryCopy();
      // util-linux `script` gives the importer a pseudo-terminal; the answer is typed on it.
      const command = `npx tsx scripts/import.ts tests/import/corpus/base-rocky9.yml --registry ${reg} --author me`;
      const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: ROOT, encoding: "utf8", input: "statistics\n", timeout: TIMEOUT });
      expect(r.stdout).toContain("tests/import/corpus/base-rocky9.yml: nothing in the YAML names a marketplace category. Choose one:");
      expect(r.stdout).toContain("  4. statistics");
      const written = JSON.parse(readFileSync(join(reg, "templates", "rocky-linux-9-base", "template.json"), "utf8"));
      expect(written.category).toBe("statistics");
    },
    TIMEOUT,
  );

  it(
    "refuses, before writing, a template the validator rejects, pointing at the YAML line",
    () => {
      const reg = registryCopy();
      const r = run(join("tests/import/fixtures/pinned-twice.yml"), "--registry", reg, "--author", "me");
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        "tests/import/fixtures/pinned-twice.yml:10:7 CWS214/package-pinned-twice /packages/pip/0: numpy is pinned to 1.26 and 1.25 (in the generated template.json /environment/packages/pip/0)",
      );
      expect(r.stderr).toContain("tests/import/fixtures/pinned-twice.yml: not imported (1 error,");
      expect(existsSync(join(reg, "templates", "pinned-twice"))).toBe(false);
    },
    TIMEOUT,
  );
});
