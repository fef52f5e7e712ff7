import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Report } from "../../core/diagnostics/summary.js";
import { TempRepo } from "../helpers/git-repo.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { fakeBin, type Job, runStep, type Step, which, workflowJob } from "../helpers/workflow-steps.js";

const TEXT = readFileSync(join(ROOT, ".github/workflows/validate.yml"), "utf8");
const EX = "registry/templates/example-workstation/template.json";

function registryJob(): Job {
  const job = workflowJob(TEXT, "registry");
  if (!job) throw new Error("validate.yml has no registry job");
  return job;
}

const checkouts = (job: Job) => job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
const runs = (job: Job) => job.steps.filter((s): s is Step & { run: string } => typeof s.run === "string");

/**
 * A runner's workspace after the two checkouts: base/ is this worktree's code (the trusted
 * validator, its files linked, not copied) and pr/ is a pull request's merge commit that patches
 * the validator to pass everything, edits a template without raising its version and edits
 * featured.json, all by someone who owns nothing.
 */
function workspaceWithHostilePullRequest(): string {
  const workspace = tempDir("cws-runner-");
  mkdirSync(join(workspace, "base"));
  for (const name of readdirSync(ROOT)) if (name !== ".git") symlinkSync(join(ROOT, name), join(workspace, "base", name));
  mkdirSync(join(workspace, "pr"));
  const pr = new TempRepo(join(workspace, "pr"));
  pr.write("registry/maintainers.json", '{ "maintainers": ["ed-itor"] }\n');
  pr.commit("maintainers");
  pr.git("checkout", "-q", "-b", "feature");
  pr.write("core/validate/rules/git-rules.ts", "export function gitRules() { return []; }\n");
  pr.write("core/validate/rules/editorial-rules.ts", "export function editorialRules() { return []; }\n");
  pr.write("scripts/validate.ts", 'console.log("PWNED"); process.exit(0);\n');
  pr.write("package.json", '{ "scripts": { "validate": "echo PWNED", "preinstall": "echo PWNED" } }\n');
  pr.editJson(EX, (t) => {
    t.description = "A complete example, now with a description that changed without a version bump.";
  });
  pr.write("registry/featured.json", '{ "featured": [{ "template_id": "parent-stack", "reason": "Mine now." }] }\n');
  pr.commit("patch the validator and the registry");
  pr.git("checkout", "-q", "main");
  pr.git("merge", "-q", "--no-ff", "feature", "-m", "Merge feature into main"); // refs/pull/N/merge
  return workspace;
}

describe("validate.yml: the registry verdict comes from the base branch's validator", () => {
  it("checks out the base's code and the pull request side by side, without credentials", () => {
    const job = registryJob();
    const [base, pr, ...more] = checkouts(job);
    expect(more).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as written in the workflow.
    expect(base?.with).toMatchObject({ ref: "${{ github.event.pull_request.base.sha }}", path: "base", "persist-credentials": false });
    expect(pr?.with).toMatchObject({ path: "pr", "persist-credentials": false });
    expect(pr?.with?.ref).toBeUndefined(); // the merge commit GitHub prepared
    expect(TEXT).not.toMatch(/secrets\./);
    expect((parse(TEXT) as { permissions?: unknown }).permissions).toEqual({ contents: "read" });
    expect(job.permissions).toBeUndefined();
  });

  it("runs every command in base/, installs there, and never restores a dependency cache", () => {
    const job = registryJob();
    expect(runs(job).length).toBeGreaterThanOrEqual(2);
    for (const step of runs(job)) expect(step["working-directory"]).toBe("base");
    expect(runs(job)[0]?.run.trim()).toBe("npm ci --no-audit --no-fund");
    const setupNode = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(setupNode?.with?.cache).toBeUndefined();
  });

  it("judges a pull request that patches the validator by the base validator, over the pull request's registry", () => {
    const workspace = workspaceWithHostilePullRequest();
    const context = { "github.event.pull_request.user.login": "stranger" };
    // npm ci is not repeated here (base/ links this worktree's node_modules); a stand-in refuses it.
    const bin = fakeBin(join(workspace, "bin"), {
      npm: `if [ "$1" = ci ]; then echo "npm ci must not run in this test" >&2; exit 99; fi\nexec "${which("npm")}" "$@"`,
    });
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}` };
    const [install, ...rest] = runs(registryJob());
    expect(install?.run).toMatch(/^npm ci/);
    const results = rest.map((step) => runStep(step, { workspace, context, env }));

    const last = results.at(-1);
    expect(last?.status).toBe(1); // the check fails
    expect(results.map((r) => r.stdout + r.stderr).join("")).not.toContain("PWNED");
    const report = JSON.parse(readFileSync(join(workspace, "report/validation.json"), "utf8")) as Report;
    const found = report.diagnostics.map((d) => `${d.file} ${d.code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "core/validate/rules/git-rules.ts CWS401",
        "scripts/validate.ts CWS401",
        "package.json CWS401",
        `${EX} CWS402`,
        `${EX} CWS404`,
        "registry/featured.json CWS407",
      ]),
    );
    expect(last?.stdout).toContain("title=CWS407 /featured/0/template_id::stranger is not a registry maintainer");
    // The comment workflow takes the pull request's number from the event, so the gate writes none.
    expect(existsSync(join(workspace, "report/pr-number"))).toBe(false);
  });
});
