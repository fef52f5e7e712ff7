// The API's registry changes end to end, through the Node adapter: POST/PUT/DELETE /templates and
// POST /templates/{id}/fork run the CLI's operations and submit flow against a real git smart-HTTP
// server (git http-backend) and a fake of GitHub's REST API, both on loopback.
import fs, { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Hono } from "hono";
import git from "isomorphic-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../apps/api/app.js";
import { type RunningApi, startApiServer } from "../../apps/api/node.js";
import { RegistryChanges } from "../../apps/api/registry-changes.js";
import { dynamoClient, LOCAL_CREDENTIALS } from "../../core/aws/clients.js";
import type { RegistryChangeResult, RegistryDiagnostic, Template } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { GitServer, gitCli } from "../registry-changes/helpers/git-server.js";
import { GithubFake } from "../registry-changes/helpers/github-fake.js";
import { branches, changedFiles, ciValidate, commitMessage, type Repo, showFile, TOKEN, templateAt } from "../registry-changes/helpers/world.js";
import { BASE, call } from "./helpers.js";

let server: GitServer;
let github: GithubFake;
let api: RunningApi;
let client: DynamoDBClient;
let repo: Repo;
/** The server's environment; the API reads it at each request. */
const env: Record<string, string | undefined> = {};
/** Every answer's text and every log line, to check for the token at the end. */
const seen: string[] = [];
const logs: string[] = [];

beforeAll(async () => {
  server = await new GitServer(TOKEN).start();
  github = await new GithubFake().start();
  // The registry-change endpoints never touch DynamoDB; a closed loopback port makes sure.
  client = dynamoClient({ endpoint: "http://127.0.0.1:9", credentials: { ...LOCAL_CREDENTIALS } });
  api = await startApiServer({ client, registryEnv: env, log: (line) => logs.push(line) });
});
afterAll(async () => {
  await api?.close();
  client?.destroy();
  await server?.close();
  await github?.close();
});

/** A fresh registry behind the git server, and the server's settings pointing at it. */
function freshRegistry(options: { github?: boolean } = {}): Repo {
  repo = server.newRepo();
  for (const key of Object.keys(env)) delete env[key];
  Object.assign(env, {
    CWS_REGISTRY_REPO: repo.url,
    CWS_REGISTRY_TOKEN: TOKEN,
    CWS_REGISTRY_WORKSPACE_DIR: tempDir("cws-api-ws-"),
    ...(options.github === false ? {} : { CWS_GITHUB_API_URL: github.url }),
  });
  return repo;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

async function request(method: string, path: string, options: { user?: string; body?: unknown; query?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.user) headers["x-cws-user"] = options.user;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${api.url}${BASE}${path}${options.query ? `?${options.query}` : ""}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  seen.push(text);
  return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const today = () => new Date().toISOString().slice(0, 10);
const result = (a: Answer) => a.body as unknown as RegistryChangeResult;
const diagnostics = (a: Answer) => (a.body.diagnostics ?? []) as RegistryDiagnostic[];
const prBody = (pr: { body: unknown } | undefined) => (pr?.body as { body?: string } | undefined)?.body ?? "";
const pushedBranch = () => {
  const list = branches(repo.bare).filter((b) => b !== "main");
  expect(list).toHaveLength(1);
  return list[0] as string;
};

/** Nothing reached the registry or GitHub since the counts were taken. */
function expectNothingPushed(pushes: number, pulls: number): void {
  expect(server.pushes().length).toBe(pushes);
  expect(github.pulls().length).toBe(pulls);
  expect(branches(repo.bare)).toEqual(["main"]);
}

/** The server's clone is back on main at the remote's commit, with no changes and no cws/ branches. */
async function expectCleanWorkspace(): Promise<void> {
  const dir = new RegistryChanges({ env }).settingsFor("anyone").workspaceDir;
  expect(await git.currentBranch({ fs, dir })).toBe("main");
  expect(await git.resolveRef({ fs, dir, ref: "HEAD" })).toBe(repo.mainOid);
  expect((await git.statusMatrix({ fs, dir })).filter(([, h, w, s]) => !(h === 1 && w === 1 && s === 1))).toEqual([]);
  expect((await git.listBranches({ fs, dir })).filter((b) => b.startsWith("cws/"))).toEqual([]);
}

function newTemplate(): Template {
  const t = JSON.parse(readFileSync(join(ROOT, "registry/templates/jupyter-data-science/template.json"), "utf8")) as Template;
  const { changelog: _changelog, ...rest } = t;
  return { ...rest, template_id: "lab-notebook-server", name: "Lab notebook server", author: "jdoe", owners: ["lab-admin"], version: "1.0.0" };
}

describe("POST /templates", () => {
  it("publishes a new template as a branch and a pull request, with the caller as an owner", async () => {
    freshRegistry();
    const pulls = github.pulls().length;
    const readme = readFileSync(join(ROOT, "registry/templates/jupyter-data-science/README.md"), "utf8").replace(/^# .*/, "# Lab notebook server");
    const res = await request("POST", "/templates", { user: "jdoe", body: { template: newTemplate(), readme } });
    expect(res.status, res.text).toBe(202);
    const out = result(res);
    const branch = pushedBranch();
    expect(out).toMatchObject({
      dry_run: false,
      branch,
      base: { ref: "origin/main", commit: repo.mainOid },
      change: { verb: "publish", template_id: "lab-notebook-server", version: "1.0.0", title: "Publish lab-notebook-server 1.0.0" },
      files: ["registry/templates/lab-notebook-server/template.json", "registry/templates/lab-notebook-server/README.md"],
      pull_request_url: expect.stringMatching(/^https:\/\/github\.example\/cws-org\/registry-\d+\/pull\/\d+$/),
      validation: { errors: 0 },
    });
    expect(out.compare_url).toBeUndefined();
    expect(out.diff).toBeUndefined();
    expect(branch).toMatch(/^cws\/publish\/lab-notebook-server-[0-9a-f]{6}$/);

    // The pushed commit: the two files, authored by the caller on top of main.
    expect(gitCli(repo.bare, "rev-parse", branch)).toBe(out.commit);
    expect(changedFiles(repo.bare, branch)).toEqual([
      "A registry/templates/lab-notebook-server/README.md",
      "A registry/templates/lab-notebook-server/template.json",
    ]);
    expect(commitMessage(repo.bare, branch)).toBe(
      [
        "Publish lab-notebook-server 1.0.0",
        "",
        'Adds lab-notebook-server 1.0.0, "Lab notebook server", owned by jdoe, lab-admin.',
        "",
        "Changelog 1.0.0:",
        "- added: First published.",
      ].join("\n"),
    );
    expect(gitCli(repo.bare, "log", "-1", "--format=%an <%ae>|%P", branch)).toBe(`jdoe <jdoe@users.noreply.github.com>|${repo.mainOid}`);
    const t = templateAt(repo.bare, branch, "lab-notebook-server");
    expect(t).toMatchObject({ author: "jdoe", owners: ["jdoe", "lab-admin"], version: "1.0.0" });
    expect(t.changelog).toEqual([{ version: "1.0.0", date: today(), changes: [{ kind: "added", description: "First published." }] }]);
    expect(showFile(repo.bare, branch, "registry/templates/lab-notebook-server/README.md")).toBe(readme.trimEnd());

    // The pull request, opened with the service token.
    const [pr] = github.pulls().slice(pulls);
    expect(pr?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(pr?.body).toMatchObject({ title: "Publish lab-notebook-server 1.0.0", head: branch, base: "main", maintainer_can_modify: true });
    const body = prBody(pr);
    expect(body).toContain("| `lab-notebook-server` | 1.0.0 | publish |");
    expect(body).toContain("- **added:** First published.");
    expect(body).toContain("- `registry/templates/lab-notebook-server/template.json`");
    expect(body).toContain("`npm run validate -- --base origin/main --actor jdoe` ran before the push: ✔");
    expect(body).toContain("Submitted by @jdoe with `POST /api/v1/marketplace/templates`.");
    expect(pr?.path).toMatch(/^\/repos\/cws-org\/registry-\d+\/pulls$/);

    expect(server.pushes().every((r) => r.authorized)).toBe(true);
    expect((await ciValidate(repo, branch, "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await expectCleanWorkspace();

    // Publishing the same id again is refused by the operation itself.
    const again = await request("POST", "/templates", { user: "jdoe", body: { template: { ...newTemplate(), template_id: "jupyter-data-science" }, readme } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: "TEMPLATE_EXISTS", hint: expect.stringContaining("PUT /api/v1/marketplace/templates/{id}") });
  });
});

describe("PUT /templates/{id}", () => {
  it("by an owner bumps the version and adds the changelog entry", async () => {
    freshRegistry();
    const pulls = github.pulls().length;
    const res = await request("PUT", "/templates/jupyter-data-science", {
      user: "kpetrov-ds",
      body: {
        set: [{ path: "environment.instance_defaults.root_volume_gb", value: 80 }],
        notes: [
          { kind: "changed", description: "The default root volume is 80 GiB." },
          { kind: "fixed", description: "Notebooks survive a stop and start." },
        ],
        bump: "minor",
      },
    });
    expect(res.status, res.text).toBe(202);
    const branch = pushedBranch();
    expect(result(res)).toMatchObject({
      branch,
      change: { verb: "update", template_id: "jupyter-data-science", version: "2.5.0", previous_version: "2.4.0" },
      files: ["registry/templates/jupyter-data-science/template.json"],
    });
    expect(branch).toMatch(/^cws\/update\/jupyter-data-science-[0-9a-f]{6}$/);
    expect(changedFiles(repo.bare, branch)).toEqual(["M registry/templates/jupyter-data-science/template.json"]);
    expect(commitMessage(repo.bare, branch).split("\n")[0]).toBe("Update jupyter-data-science to 2.5.0");
    const t = templateAt(repo.bare, branch, "jupyter-data-science");
    expect(t.version).toBe("2.5.0");
    expect(t.environment.instance_defaults.root_volume_gb).toBe(80);
    expect(t.changelog?.[0]).toEqual({
      version: "2.5.0",
      date: today(),
      changes: [
        { kind: "changed", description: "The default root volume is 80 GiB." },
        { kind: "fixed", description: "Notebooks survive a stop and start." },
      ],
    });
    expect(t.changelog?.[1]?.version).toBe("2.4.0");
    const [pr] = github.pulls().slice(pulls);
    expect(prBody(pr)).toContain("| `jupyter-data-science` | 2.4.0 → 2.5.0 | update |");
    expect(prBody(pr)).toContain("Submitted by @kpetrov-ds with `PUT /api/v1/marketplace/templates/jupyter-data-science`.");
    expect((await ciValidate(repo, branch, "kpetrov-ds")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await expectCleanWorkspace();
  });

  it("with ?dry_run=true answers the diff and pushes nothing", async () => {
    freshRegistry();
    const pushes = server.pushes().length;
    const pulls = github.pulls().length;
    const res = await request("PUT", "/templates/jupyter-data-science", {
      user: "kpetrov-ds",
      query: "dry_run=true",
      body: { description: "JupyterLab with pandas, Polars and DuckDB on Intel/AMD or Graviton." },
    });
    expect(res.status, res.text).toBe(200);
    const out = result(res);
    expect(out).toMatchObject({ dry_run: true, change: { version: "2.4.1", previous_version: "2.4.0" }, validation: { errors: 0 } });
    expect(out.commit).toBeUndefined();
    expect(out.pull_request_url).toBeUndefined();
    expect(out.diff).toContain("--- a/registry/templates/jupyter-data-science/template.json\n+++ b/registry/templates/jupyter-data-science/template.json\n@@ ");
    expect(out.diff).toContain('-  "version": "2.4.0",\n+  "version": "2.4.1",');
    expect(out.diff).toContain('+  "description": "JupyterLab with pandas, Polars and DuckDB on Intel/AMD or Graviton.",');
    expectNothingPushed(pushes, pulls);
    await expectCleanWorkspace();
  });

  it("by a non-owner is refused with 403 and CI's ownership rule; nothing is pushed", async () => {
    freshRegistry();
    const pushes = server.pushes().length;
    const pulls = github.pulls().length;
    const res = await request("PUT", "/templates/jupyter-data-science", {
      user: "jdoe",
      body: { description: "A description long enough to pass the schema, from a stranger." },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.body).toMatchObject({
      error: "NOT_AN_OWNER",
      message: 'CWS404/not-an-owner: jdoe is not an owner of "jupyter-data-science"',
      hint: "ask an owner (open-data-science, kpetrov-ds) to make or approve this change",
    });
    expect(diagnostics(res)).toContainEqual(
      expect.objectContaining({
        code: "CWS404",
        rule: "not-an-owner",
        severity: "error",
        file: "registry/templates/jupyter-data-science/template.json",
        pointer: "/owners",
      }),
    );
    // Unpublishing someone else's template is refused the same way.
    const unpublish = await request("DELETE", "/templates/jupyter-data-science", { user: "jdoe", body: { reason: "I do not like it." } });
    expect(unpublish.status).toBe(403);
    expect(unpublish.body.error).toBe("NOT_AN_OWNER");
    expectNothingPushed(pushes, pulls);
    await expectCleanWorkspace();
  });

  it("that breaks a registry rule answers 422 with CI's diagnostics and pushes nothing", async () => {
    freshRegistry();
    const pushes = server.pushes().length;
    const pulls = github.pulls().length;
    const res = await request("PUT", "/templates/jupyter-data-science", { user: "kpetrov-ds", body: { set: [{ path: "category", value: "genomic" }] } });
    expect(res.status, res.text).toBe(422);
    expect(res.body).toMatchObject({
      error: "REGISTRY_VALIDATION_FAILED",
      message: expect.stringMatching(
        /^CI would reject this change, so nothing was pushed: registry\/templates\/jupyter-data-science\/template\.json:\d+:\d+ CWS205\/category-unknown \/category: category "genomic" is not in registry\/categories\.json/,
      ),
      hint: expect.stringContaining("docs/rules.md"),
    });
    const d = diagnostics(res).find((x) => x.code === "CWS205");
    expect(d).toEqual({
      code: "CWS205",
      rule: "category-unknown",
      severity: "error",
      file: "registry/templates/jupyter-data-science/template.json",
      line: expect.any(Number),
      column: expect.any(Number),
      pointer: "/category",
      message: expect.stringContaining('category "genomic" is not in registry/categories.json'),
      hint: expect.any(String),
    });
    expect(d?.line).toBeGreaterThan(1);
    expectNothingPushed(pushes, pulls);
    await expectCleanWorkspace();
  });
});

describe("DELETE /templates/{id}", () => {
  it("deprecates the template with its reason and replacement", async () => {
    freshRegistry();
    const pulls = github.pulls().length;
    const res = await request("DELETE", "/templates/text-as-data-nlp", {
      user: "comp-social-science-lab",
      body: { reason: "Superseded by the general data-science workstation.", replacement: "jupyter-data-science" },
    });
    expect(res.status, res.text).toBe(202);
    const branch = pushedBranch();
    expect(result(res).change).toEqual({
      verb: "unpublish",
      template_id: "text-as-data-nlp",
      version: "1.3.1",
      previous_version: "1.3.0",
      title: "Deprecate text-as-data-nlp (1.3.1)",
    });
    expect(branch).toMatch(/^cws\/unpublish\/text-as-data-nlp-[0-9a-f]{6}$/);
    expect(commitMessage(repo.bare, branch).split("\n")[0]).toBe("Deprecate text-as-data-nlp (1.3.1)");
    const t = templateAt(repo.bare, branch, "text-as-data-nlp");
    expect(t.publication).toMatchObject({
      maintenance_status: "deprecated",
      maintenance: { reason: "Superseded by the general data-science workstation.", date: today(), replacement: "jupyter-data-science" },
    });
    expect(t.changelog?.[0]?.changes).toEqual([
      { kind: "deprecated", description: "Deprecated: Superseded by the general data-science workstation. Use jupyter-data-science instead." },
    ]);
    expect(prBody(github.pulls().slice(pulls)[0])).toContain("Reason: Superseded by the general data-science workstation.");
    expect((await ciValidate(repo, branch, "comp-social-science-lab")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await expectCleanWorkspace();
  });
});

describe("POST /templates/{id}/fork", () => {
  it("copies the template to an id the caller owns, with forked_from; without GitHub it answers the compare URL", async () => {
    freshRegistry({ github: false });
    const pulls = github.pulls().length;
    const res = await request("POST", "/templates/genomics-pipeline-v3/fork", {
      user: "jdoe",
      body: { template_id: "lab-genomics-pipeline", name: "Lab genomics pipeline" },
    });
    expect(res.status, res.text).toBe(202);
    const branch = pushedBranch();
    expect(result(res)).toMatchObject({
      change: { verb: "fork", template_id: "lab-genomics-pipeline", version: "1.0.0", title: "Fork genomics-pipeline-v3 3.2.2 as lab-genomics-pipeline" },
      compare_url: `${repo.url.replace(/\.git$/, "")}/compare/main...${branch}?expand=1`,
      compare_reason: "the registry is not a GitHub repository",
    });
    expect(result(res).pull_request_url).toBeUndefined();
    expect(github.pulls().length).toBe(pulls);
    expect(changedFiles(repo.bare, branch)).toEqual([
      "A registry/templates/lab-genomics-pipeline/README.md",
      "A registry/templates/lab-genomics-pipeline/template.json",
    ]);
    const t = templateAt(repo.bare, branch, "lab-genomics-pipeline");
    expect(t).toMatchObject({
      name: "Lab genomics pipeline",
      author: "jdoe",
      owners: ["jdoe"],
      version: "1.0.0",
      forked_from: { template_id: "genomics-pipeline-v3", version: "3.2.2" },
    });
    expect(t.changelog).toHaveLength(1);
    expect((await ciValidate(repo, branch, "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await expectCleanWorkspace();
  });

  it("serializes concurrent changes on the one workspace", async () => {
    freshRegistry();
    const forks = await Promise.all(
      ["lab-fork-one", "lab-fork-two", "lab-fork-three"].map((id) =>
        request("POST", "/templates/jupyter-data-science/fork", { user: "jdoe", body: { template_id: id } }),
      ),
    );
    expect(forks.map((f) => f.status)).toEqual([202, 202, 202]);
    expect(branches(repo.bare).filter((b) => b !== "main")).toHaveLength(3);
    for (const f of forks) expect(templateAt(repo.bare, result(f).branch, result(f).change.template_id).forked_from?.template_id).toBe("jupyter-data-science");
    await expectCleanWorkspace();
  });
});

describe("refusals", () => {
  it("validates bodies against their schemas (400 with field errors) before touching the registry", async () => {
    freshRegistry();
    const requests = server.requests.length;
    const fork = await request("POST", "/templates/jupyter-data-science/fork", { user: "jdoe", body: { template_id: "Not An Id", owner: "x" } });
    expect(fork.status).toBe(400);
    expect(fork.body).toMatchObject({
      error: "VALIDATION_FAILED",
      errors: expect.arrayContaining([
        expect.objectContaining({ in: "body", pointer: "/template_id", keyword: "pattern" }),
        expect.objectContaining({ in: "body", pointer: "/owner", message: "is not allowed here" }),
      ]),
    });
    const update = await request("PUT", "/templates/jupyter-data-science", {
      user: "kpetrov-ds",
      body: { set: [{ path: "name", value: null }], bump: "huge" },
    });
    expect(update.status).toBe(400);
    expect((update.body.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(expect.arrayContaining(["/set/0/value", "/bump"]));
    expect((await request("PUT", "/templates/jupyter-data-science", { user: "kpetrov-ds", body: {} })).status).toBe(400);
    const unpublish = await request("DELETE", "/templates/jupyter-data-science", { user: "kpetrov-ds", body: { archive: true } });
    expect(unpublish.body).toMatchObject({ error: "VALIDATION_FAILED", errors: [expect.objectContaining({ pointer: "/reason", message: "is required" })] });
    const publish = await request("POST", "/templates", { user: "jdoe", body: { template: { template_id: "lab-x" }, readme: "# x\n" } });
    expect(publish.status).toBe(400);
    expect((publish.body.errors as { pointer: string }[]).map((e) => e.pointer)).toContain("/template/environment");
    expect((await request("PUT", "/templates/Bad_Id", { user: "kpetrov-ds", body: { name: "x" } })).status).toBe(400);
    const anonymous = await request("POST", "/templates/jupyter-data-science/fork", { body: { template_id: "lab-anon" } });
    expect(anonymous).toMatchObject({ status: 401, body: { error: "AUTH_REQUIRED" } });
    expect(server.requests.length).toBe(requests);
  });

  it("answers the operation's own refusals: unknown template 404, managed field and empty change 400, taken id 409", async () => {
    freshRegistry();
    const pushes = server.pushes().length;
    const pulls = github.pulls().length;
    const unknown = await request("PUT", "/templates/jupyter-data-sciense", { user: "kpetrov-ds", body: { notes: [{ kind: "fixed", description: "x" }] } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: "TEMPLATE_NOT_FOUND", hint: 'did you mean "jupyter-data-science"?' });
    const managed = await request("PUT", "/templates/jupyter-data-science", { user: "kpetrov-ds", body: { set: [{ path: "version", value: "9.9.9" }] } });
    expect(managed.status).toBe(400);
    expect(managed.body).toMatchObject({ error: "MANAGED_FIELD", hint: expect.stringContaining("bump") });
    const nothing = await request("PUT", "/templates/jupyter-data-science", { user: "kpetrov-ds", body: { bump: "minor" } });
    expect(nothing.body).toMatchObject({ error: "NOTHING_TO_CHANGE", hint: expect.stringContaining("notes") });
    const taken = await request("POST", "/templates/jupyter-data-science/fork", { user: "jdoe", body: { template_id: "genomics-pipeline-v3" } });
    expect(taken).toMatchObject({ status: 409, body: { error: "TEMPLATE_EXISTS" } });
    expectNothingPushed(pushes, pulls);
    await expectCleanWorkspace();
  });

  it("answers 502 when the registry refuses the push, and keeps the token out of answers and logs", async () => {
    freshRegistry();
    env.CWS_REGISTRY_TOKEN = "ghp_WrongToken000000000000000000000000";
    const logged = logs.length;
    const res = await request("POST", "/templates/jupyter-data-science/fork", { user: "jdoe", body: { template_id: "lab-data-science" } });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: "AUTH_FAILED", message: expect.stringContaining("the registry rejected the token") });
    expect(res.text).not.toContain("ghp_WrongToken");
    expect(logs.slice(logged).join("\n")).toContain("AUTH_FAILED");
    expect(logs.join("\n")).not.toContain("ghp_WrongToken");
    expect(branches(repo.bare)).toEqual(["main"]);
    await expectCleanWorkspace();

    server.refusePushes(repo.bare, "registry is frozen for the release");
    env.CWS_REGISTRY_TOKEN = TOKEN;
    const frozen = await request("POST", "/templates/jupyter-data-science/fork", { user: "jdoe", body: { template_id: "lab-data-science" } });
    expect(frozen.status).toBe(502);
    expect(frozen.body).toMatchObject({ error: "PUSH_REJECTED", message: expect.stringContaining("pre-receive hook declined") });
    server.refusePushes(repo.bare, undefined);
    await expectCleanWorkspace();
  });

  it("answers 501 saying what to configure when the server has no registry", async () => {
    const app = createApp({ client, identity: { kind: "dev-header" }, registryEnv: { CWS_REGISTRY_TOKEN: TOKEN }, log: () => {} }) as unknown as Hono;
    const requests = server.requests.length;
    for (const [method, path, body] of [
      ["POST", "/templates", { template: newTemplate(), readme: "# Lab\n" }],
      ["PUT", "/templates/jupyter-data-science", { name: "New name" }],
      ["DELETE", "/templates/jupyter-data-science", { reason: "Old." }],
      ["POST", "/templates/jupyter-data-science/fork", { template_id: "lab-fork" }],
    ] as const) {
      const res = await call(app, method, path, { user: "jdoe", body });
      seen.push(JSON.stringify(res.body));
      expect(res.status, `${method} ${path}`).toBe(501);
      expect(res.body).toMatchObject({
        error: "REGISTRY_NOT_CONFIGURED",
        message: expect.stringContaining("registry changes are not configured"),
        hint: expect.stringMatching(/CWS_REGISTRY_REPO.*CWS_REGISTRY_TOKEN/),
      });
    }
    expect((await call(app, "POST", "/templates/jupyter-data-science/fork", { body: { template_id: "lab-fork" } })).status).toBe(401);
    expect(server.requests.length).toBe(requests);
  });

  it("never puts the service token in an answer or a log line", () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const text of seen) expect(text).not.toContain(TOKEN);
    for (const line of logs) expect(line).not.toContain(TOKEN);
  });
});
