import { renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TempRepo } from "../helpers/git-repo.js";
import { ROOT, runScript, tempDir } from "../helpers/run.js";

const EX = "registry/templates/example-workstation/template.json";

// validate.yml runs the base branch's validator in base/ over pr/registry; these are its two inputs.
describe("the validator pointed at another checkout", () => {
  it("resolves --base in the repository that holds --registry, and reports paths from that repository's root", () => {
    const pr = new TempRepo();
    pr.git("checkout", "-q", "-b", "feature");
    pr.editJson(EX, (t) => {
      t.name = "Example Workstation 2";
    });
    pr.commit("edit without a version bump");
    pr.git("checkout", "-q", "main");
    pr.git("merge", "-q", "--no-ff", "feature", "-m", "merge");
    // From this worktree (whose own HEAD~1 is some other commit), as the workflow runs it from base/.
    const result = runScript("validate.ts", ["--registry", join(pr.dir, "registry"), "--base", "HEAD~1", "--actor", "corpus-lab", "--format", "github"], {
      cwd: ROOT,
    });
    expect(result.stdout).toContain(`::error file=${EX},line=10,col=14,title=CWS402 /version::version 1.2.0 is not higher than 1.2.0 on HEAD~1`);
    expect(result.stdout.match(/::error /g)).toHaveLength(1);
    expect(result.status).toBe(1);
  });

  it("refuses a registry folder that is a symbolic link, which would lead the gate to read other files", () => {
    const pr = new TempRepo();
    const elsewhere = join(tempDir(), "elsewhere");
    renameSync(join(pr.dir, "registry"), elsewhere);
    symlinkSync(elsewhere, join(pr.dir, "registry"));
    const result = runScript("validate.ts", ["--registry", join(pr.dir, "registry")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("registry folder");
    expect(result.stderr).toContain("is a symbolic link");
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
