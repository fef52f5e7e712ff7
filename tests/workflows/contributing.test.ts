import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Template } from "../../core/types/generated.js";
import { TempRepo } from "../helpers/git-repo.js";
import { ROOT, runScript } from "../helpers/run.js";

describe("CONTRIBUTING.md", () => {
  it("its steps, followed in a fresh clone, give a template that CI accepts", () => {
    const guide = readFileSync(join(ROOT, "CONTRIBUTING.md"), "utf8");
    expect(guide).toContain("cp -r registry/templates/jupyter-data-science registry/templates/crispr-screen-analysis");
    expect(guide).toContain("npm run validate -- --base origin/main --actor your-handle");

    // A clone of the real registry on main.
    const repo = new TempRepo();
    rmSync(join(repo.dir, "registry"), { recursive: true });
    cpSync(join(ROOT, "registry"), join(repo.dir, "registry"), { recursive: true });
    repo.commit("registry as on main");
    repo.git("branch", "-f", "origin-main");

    // Step 2: copy a template close to ours.
    cpSync(join(repo.dir, "registry/templates/jupyter-data-science"), join(repo.dir, "registry/templates/crispr-screen-analysis"), { recursive: true });
    // Step 3: edit template.json and README.md as the guide says.
    const file = join(repo.dir, "registry/templates/crispr-screen-analysis/template.json");
    const t = JSON.parse(readFileSync(file, "utf8")) as Template;
    Object.assign(t, {
      template_id: "crispr-screen-analysis",
      name: "CRISPR Screen Analysis",
      description: "MAGeCK and BAGEL2 for pooled CRISPR knockout screens, with JupyterLab for exploring hits.",
      author: "your-handle",
      owners: ["your-handle"],
      version: "1.0.0",
      category: "bioinformatics",
      tags: ["crispr", "mageck", "functional-genomics"],
      changelog: [{ version: "1.0.0", date: "2026-11-20", changes: [{ kind: "added", description: "First release." }] }],
    });
    delete t.forked_from;
    writeFileSync(file, `${JSON.stringify(t, null, 2)}\n`);
    writeFileSync(
      join(repo.dir, "registry/templates/crispr-screen-analysis/README.md"),
      "# CRISPR Screen Analysis\n\nMAGeCK 0.5 and BAGEL2 for pooled knockout screens, plus JupyterLab. Connect to JupyterLab on port 8888 through an SSH tunnel, upload your FASTQ files to ~/data, and run `mageck count` followed by `mageck test` to rank genes; the notebooks in ~/examples walk through a published screen end to end.\n",
    );

    // Step 4: validate, then validate the change as CI will.
    expect(runScript("validate.ts", ["--registry", "registry"], { cwd: repo.dir }).status).toBe(0);
    repo.commit("Add crispr-screen-analysis");
    const ci = runScript("validate.ts", ["--registry", "registry", "--base", "origin-main", "--actor", "your-handle"], { cwd: repo.dir });
    expect(ci.stdout).toMatch(/^✔ 23 templates \(changes since origin-main\) valid$/m);
    expect(ci.status).toBe(0);
    // Someone else may not claim the same template.
    expect(runScript("validate.ts", ["--registry", "registry", "--base", "origin-main", "--actor", "someone-else"], { cwd: repo.dir }).stdout).toContain(
      "CWS405",
    );
  });
});
