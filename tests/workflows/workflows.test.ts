import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderCodeowners } from "../../core/registry/codeowners.js";
import type { Maintainers, Template } from "../../core/types/generated.js";
import { lintWorkflow } from "../../core/validate/workflow-lint.js";
import { ROOT } from "../helpers/run.js";

const DIR = join(ROOT, ".github/workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const read = (f: string) => readFileSync(join(DIR, f), "utf8");

describe("GitHub workflows", () => {
  it("exist: validate, comment, publish and refresh", () => {
    expect(files.sort()).toEqual(["comment.yml", "publish.yml", "refresh.yml", "validate.yml"]);
  });

  it.each(files)("%s is a valid workflow (action-validator's schema)", (f) => {
    expect(validateWorkflow(read(f)).errors).toEqual([]);
  });

  it.each(files)("%s follows the safety rules", (f) => {
    expect(lintWorkflow(f, read(f))).toEqual([]);
  });

  it("the lint catches each unsafe pattern", () => {
    const bad = `
on: [pull_request_target, pull_request]
permissions:
  contents: write
jobs:
  a:
    runs-on: ubuntu-24.04
    permissions:
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - run: echo "\${{ github.event.pull_request.title }}"
      - run: deploy --token "\${{ secrets.TOKEN }}"
`;
    expect(lintWorkflow("bad.yml", bad).map((p) => p.message)).toEqual([
      "uses pull_request_target, which runs with secrets on fork code; use pull_request plus a workflow_run workflow",
      "workflow: contents: write in a pull-request workflow",
      "job a: pull-requests: write in a pull-request workflow",
      "job a step 1: actions/checkout@v4 is not pinned to a full commit SHA",
      "job a step 2: expands github.event.* inside run:; pass it through env: instead",
      "job a step 3: a pull-request workflow must not use secrets",
    ]);
  });

  it("publishes through OIDC, after the checks, one publish at a time", () => {
    const wf = parse(read("publish.yml")) as {
      concurrency: { group: string; "cancel-in-progress": boolean };
      jobs: Record<string, { needs?: string; permissions?: Record<string, string>; steps: { uses?: string; run?: string }[] }>;
    };
    expect(wf.concurrency).toEqual({ group: "publish", "cancel-in-progress": false });
    const publish = wf.jobs.publish;
    expect(publish?.needs).toBe("checks");
    expect(publish?.permissions?.["id-token"]).toBe("write");
    const runs = (publish?.steps ?? []).map((s) => s.run ?? s.uses ?? "").join("\n");
    expect(runs.indexOf("npm run build-amis")).toBeLessThan(runs.indexOf("npm run build -- "));
    expect(runs.indexOf("npm run build -- ")).toBeLessThan(runs.indexOf("npm run publish"));
    expect(read("publish.yml")).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/i);
    expect(parse(read("refresh.yml")).concurrency.group).toBe("publish");
  });

  it.each([
    ["publish.yml", "publish"],
    ["refresh.yml", "refresh"],
  ])("%s fetches the live metadata before it builds, so bins are reused and versions rise", (file, job) => {
    const wf = parse(read(file)) as { jobs: Record<string, { steps: { run?: string }[] }> };
    const runs = (wf.jobs[job]?.steps ?? []).map((s) => s.run ?? "");
    const fetch = runs.findIndex((run) => run.startsWith('npm run fetch-metadata -- --bucket "$BUCKET"'));
    expect(fetch).toBeGreaterThan(-1);
    expect(fetch).toBeLessThan(runs.findIndex((run) => run.startsWith("npm run build -- ")));
    expect(read(file)).not.toContain("aws s3 cp");
  });

  it("the comment workflow never checks out or runs pull-request code", () => {
    const text = read("comment.yml");
    expect(text).toMatch(/workflow_run:/);
    expect(text).not.toMatch(/head_sha|head\.sha|pull_request\.head|ref:\s*refs\/pull/);
  });
});

describe("CODEOWNERS", () => {
  it("matches the registry (run npm run gen:codeowners)", () => {
    const dir = join(ROOT, "registry/templates");
    const templates = readdirSync(dir).map((id) => JSON.parse(readFileSync(join(dir, id, "template.json"), "utf8")) as Template);
    const maintainers = JSON.parse(readFileSync(join(ROOT, "registry/maintainers.json"), "utf8")) as Maintainers;
    expect(readFileSync(join(ROOT, ".github/CODEOWNERS"), "utf8")).toBe(renderCodeowners(templates, maintainers));
    expect(renderCodeowners([{ template_id: "x-y", owners: ["a", "b-c"] }], { maintainers: ["m1"] })).toContain("/registry/templates/x-y/ @a @b-c\n");
  });

  it("gives the editorial files (and everything outside template folders) to the registry's maintainers", () => {
    const text = renderCodeowners([{ template_id: "x-y", owners: ["a"] }], { maintainers: ["ed-itor", "chief"] });
    for (const file of ["categories.json", "featured.json", "maintainers.json"]) expect(text).toContain(`\n/registry/${file} @ed-itor @chief\n`);
    expect(text.split("\n")[1]).toBe("* @ed-itor @chief");
  });
});
