// Every registry-changing command end to end, in-process: isomorphic-git against a real git
// smart-HTTP server (git http-backend) on loopback, and a loopback fake of GitHub's REST API.
import fs from "node:fs";
import { join } from "node:path";
import git from "isomorphic-git";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { command as fork } from "../../cli/src/commands/marketplace/fork.js";
import { command as myPublications } from "../../cli/src/commands/marketplace/my-publications.js";
import { command as publish } from "../../cli/src/commands/marketplace/publish.js";
import { command as unpublish } from "../../cli/src/commands/marketplace/unpublish.js";
import { command as update } from "../../cli/src/commands/marketplace/update.js";
import { workspaceDirFor } from "../../core/registry-changes/settings.js";
import { ROOT } from "../helpers/run.js";
import { type Run, runCommand } from "./helpers/cli.js";
import { GitServer, gitCli } from "./helpers/git-server.js";
import { GithubFake } from "./helpers/github-fake.js";
import { branches, changedFiles, ciValidate, commitMessage, type Repo, setUpWorld, showFile, TOKEN, templateAt } from "./helpers/world.js";

let server: GitServer;
let github: GithubFake;
let repo: Repo;

beforeAll(async () => {
  server = await new GitServer(TOKEN).start();
  github = await new GithubFake().start();
});
afterAll(async () => {
  await server?.close();
  await github?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const today = () => new Date().toISOString().slice(0, 10);
const pushedBranch = () => {
  const list = branches(repo.bare).filter((b) => b !== "main");
  expect(list).toHaveLength(1);
  return list[0] as string;
};
const pullsSince = (n: number) => github.pulls().slice(n);
const prBody = (pr: { body: unknown } | undefined) => (pr?.body as { body?: string } | undefined)?.body ?? "";
const noSecrets = (run: Run) => {
  expect(run.stdout).not.toContain(TOKEN);
  expect(run.stderr).not.toContain(TOKEN);
};

/** The clone is on the base branch at the remote's main, with no changes, no stray files and no cws/ branches. */
async function expectCleanWorkspace(): Promise<void> {
  const dir = workspaceDirFor(repo.url, process.env);
  expect(await git.currentBranch({ fs, dir })).toBe("main");
  expect(await git.resolveRef({ fs, dir, ref: "HEAD" })).toBe(repo.mainOid);
  const dirty = (await git.statusMatrix({ fs, dir })).filter(([, h, w, s]) => !(h === 1 && w === 1 && s === 1));
  expect(dirty).toEqual([]);
  expect((await git.listBranches({ fs, dir })).filter((b) => b.startsWith("cws/"))).toEqual([]);
  expect(fs.readdirSync(join(dir, "registry", "templates")).length).toBe(fs.readdirSync(join(ROOT, "registry", "templates")).length);
}

describe("publish --from-file", () => {
  it("pushes a branch with the imported template, opens the pull request, and CI accepts it", async () => {
    ({ repo } = setUpWorld(server, github, "jdoe"));
    const prs = github.pulls().length;
    const run = await runCommand(publish, [
      "publish",
      "--from-file",
      join(ROOT, "tests/import/fixtures/conda-ml.yml"),
      "--category",
      "machine-learning",
      "--tags",
      "pytorch,jupyterlab",
      "--doi",
      "10.1234/lab.2026",
    ]);
    expect(run.stderr).toMatch(/CWS504\/import-dropped-field/); // the importer's warnings are shown
    expect(run.status, run.stderr).toBe(0);
    noSecrets(run);

    const branch = pushedBranch();
    expect(branch).toMatch(/^cws\/publish\/python-ml-workstation-[0-9a-f]{6}$/);
    expect(changedFiles(repo.bare, branch)).toEqual([
      "A registry/templates/python-ml-workstation/README.md",
      "A registry/templates/python-ml-workstation/template.json",
    ]);
    expect(commitMessage(repo.bare, branch)).toMatch(
      /^Publish python-ml-workstation 1\.0\.0\n\nAdds python-ml-workstation 1\.0\.0, "Python Machine Learning Workstation", owned by jdoe\./,
    );
    expect(gitLog(branch, "%an <%ae>|%P")).toBe(`jdoe <jdoe@users.noreply.github.com>|${repo.mainOid}`);
    const t = templateAt(repo.bare, branch, "python-ml-workstation");
    expect(t).toMatchObject({ author: "jdoe", owners: ["jdoe"], version: "1.0.0", category: "machine-learning", tags: ["pytorch", "jupyterlab"] });
    expect(t.publication.paper_doi).toBe("10.1234/lab.2026");
    expect(t.changelog?.[0]).toEqual({ version: "1.0.0", date: today(), changes: [{ kind: "added", description: "First published." }] });
    expect(branches(repo.bare)).toContain("main");
    expect(gitLog("main", "%H")).toBe(repo.mainOid);

    const [pr] = pullsSince(prs);
    expect(pr?.path).toBe(
      `/repos/cws-org/${repo.url
        .split("/")
        .pop()
        ?.replace(/\.git$/, "")}/pulls`,
    );
    expect(pr?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(pr?.body).toMatchObject({ title: "Publish python-ml-workstation 1.0.0", head: branch, base: "main", maintainer_can_modify: true });
    const body = prBody(pr);
    expect(body).toContain("Source: imported from the CloudWorkstation template conda-ml.yml.");
    expect(body).toContain("- **added:** First published.");
    expect(body).toContain("- `registry/templates/python-ml-workstation/template.json`");
    expect(body).toContain("`npm run validate -- --base origin/main --actor jdoe` ran before the push: ✔");
    expect(run.stdout).toMatch(/pull request #\d+: https:\/\/github\.example\/cws-org\/registry-\d+\/pull\/\d+/);

    // Pushes carried the token; reads did not need it.
    expect(server.pushes().every((r) => r.authorized)).toBe(true);
    const ci = await ciValidate(repo, branch, "jdoe");
    expect(ci.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await expectCleanWorkspace();
  });

  it("publishes a marketplace template.json with its README, and prints the compare URL without GitHub", async () => {
    ({ repo } = setUpWorld(server, undefined, "jdoe"));
    const dir = join(server.root, "..", `tpl-${Date.now()}`);
    fs.mkdirSync(dir, { recursive: true });
    const t = JSON.parse(fs.readFileSync(join(ROOT, "registry/templates/jupyter-data-science/template.json"), "utf8"));
    fs.writeFileSync(
      join(dir, "template.json"),
      JSON.stringify({ ...t, template_id: "lab-notebook-server", owners: ["jdoe"], author: "jdoe", changelog: undefined, version: "0.9.0" }),
    );
    fs.writeFileSync(join(dir, "README.md"), fs.readFileSync(join(ROOT, "registry/templates/jupyter-data-science/README.md"), "utf8"));
    const prs = github.pulls().length;
    const run = await runCommand(publish, ["publish", "--from-file", join(dir, "template.json"), "--name", "Lab notebook server"]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushedBranch();
    expect(run.stdout).toContain(`open the pull request: ${repo.url.replace(/\.git$/, "")}/compare/main...${branch}?expand=1`);
    expect(run.stdout).toContain("not opened automatically: the registry is not a GitHub repository");
    expect(pullsSince(prs)).toEqual([]);
    expect(templateAt(repo.bare, branch, "lab-notebook-server")).toMatchObject({ name: "Lab notebook server", version: "0.9.0" });
    expect(showFile(repo.bare, branch, "registry/templates/lab-notebook-server/README.md")).toMatch(/^# Jupyter Data Science Workstation/);
    expect((await ciValidate(repo, branch, "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("update, unpublish and fork", () => {
  it("update bumps the version and adds the changelog entry, in one commit CI accepts", async () => {
    ({ repo } = setUpWorld(server, github, "kpetrov-ds"));
    const prs = github.pulls().length;
    // Repeatable flags take one value each, so the id may come after them.
    const run = await runCommand(update, [
      "update",
      "--note",
      "changed: The default root volume is 80 GiB.",
      "jupyter-data-science",
      "--set",
      "environment.instance_defaults.root_volume_gb=80",
      "--note",
      "fixed: Notebooks survive a stop and start.",
      "--bump",
      "minor",
    ]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushedBranch();
    expect(branch).toMatch(/^cws\/update\/jupyter-data-science-[0-9a-f]{6}$/);
    expect(changedFiles(repo.bare, branch)).toEqual(["M registry/templates/jupyter-data-science/template.json"]);
    expect(commitMessage(repo.bare, branch)).toBe(
      [
        "Update jupyter-data-science to 2.5.0",
        "",
        "Updates jupyter-data-science from 2.4.0 to 2.5.0, changing environment.instance_defaults.root_volume_gb.",
        "Requested by kpetrov-ds.",
        "",
        "Changelog 2.5.0:",
        "- changed: The default root volume is 80 GiB.",
        "- fixed: Notebooks survive a stop and start.",
      ].join("\n"),
    );
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
    const [pr] = pullsSince(prs);
    expect(pr?.body).toMatchObject({ title: "Update jupyter-data-science to 2.5.0", head: branch, base: "main" });
    expect(prBody(pr)).toContain("| `jupyter-data-science` | 2.4.0 → 2.5.0 | update |");
    expect((await ciValidate(repo, branch, "kpetrov-ds")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    await expectCleanWorkspace();
  });

  it("unpublish deprecates with its replacement; --archive archives and leaves featured.json", async () => {
    ({ repo } = setUpWorld(server, github, "comp-social-science-lab"));
    const run = await runCommand(unpublish, [
      "unpublish",
      "text-as-data-nlp",
      "--reason",
      "Superseded by the general data-science workstation.",
      "--replacement",
      "jupyter-data-science",
    ]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushedBranch();
    expect(branch).toMatch(/^cws\/unpublish\/text-as-data-nlp-/);
    expect(commitMessage(repo.bare, branch).split("\n")[0]).toBe("Deprecate text-as-data-nlp (1.3.1)");
    expect(templateAt(repo.bare, branch, "text-as-data-nlp").publication).toMatchObject({
      maintenance_status: "deprecated",
      maintenance: { reason: "Superseded by the general data-science workstation.", date: today(), replacement: "jupyter-data-science" },
    });
    expect((await ciValidate(repo, branch, "comp-social-science-lab")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);

    ({ repo } = setUpWorld(server, github, "rossi-md"));
    const archive = await runCommand(unpublish, ["unpublish", "gromacs-graviton", "--archive", "--reason", "No longer maintained."]);
    expect(archive.status, archive.stderr).toBe(0);
    expect(archive.stderr).toContain("gromacs-graviton is removed from featured.json");
    const archived = pushedBranch();
    expect(changedFiles(repo.bare, archived)).toEqual(["M registry/featured.json", "M registry/templates/gromacs-graviton/template.json"]);
    expect(templateAt(repo.bare, archived, "gromacs-graviton").publication.maintenance_status).toBe("archived");
    expect((await ciValidate(repo, archived, "rossi-md")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("fork copies a template to an id the caller owns, with forked_from and a fresh version", async () => {
    ({ repo } = setUpWorld(server, github, "jdoe"));
    const prs = github.pulls().length;
    const run = await runCommand(fork, ["fork", "genomics-pipeline-v3", "--name", "lab-genomics-pipeline", "--display-name", "Lab genomics pipeline"]);
    expect(run.status, run.stderr).toBe(0);
    const branch = pushedBranch();
    expect(branch).toMatch(/^cws\/fork\/lab-genomics-pipeline-/);
    expect(changedFiles(repo.bare, branch)).toEqual([
      "A registry/templates/lab-genomics-pipeline/README.md",
      "A registry/templates/lab-genomics-pipeline/template.json",
    ]);
    expect(commitMessage(repo.bare, branch).split("\n")[0]).toBe("Fork genomics-pipeline-v3 3.2.2 as lab-genomics-pipeline");
    const t = templateAt(repo.bare, branch, "lab-genomics-pipeline");
    expect(t).toMatchObject({
      name: "Lab genomics pipeline",
      author: "jdoe",
      owners: ["jdoe"],
      version: "1.0.0",
      forked_from: { template_id: "genomics-pipeline-v3", version: "3.2.2" },
    });
    expect(t.changelog).toHaveLength(1);
    expect(pullsSince(prs)[0]?.body).toMatchObject({ title: "Fork genomics-pipeline-v3 3.2.2 as lab-genomics-pipeline" });
    expect((await ciValidate(repo, branch, "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);

    const mine = await runCommand(myPublications, ["my-publications", "--json"]);
    expect(mine.status, mine.stderr).toBe(0);
    const listed = JSON.parse(mine.stdout) as { templates: unknown[]; pending: { template_id: string; verb: string; branch: string }[] };
    expect(listed.templates).toEqual([]); // not merged yet
    expect(listed.pending).toEqual([expect.objectContaining({ template_id: "lab-genomics-pipeline", verb: "fork", branch })]);
  });

  it("my-publications lists what a handle owns on the base branch", async () => {
    ({ repo } = setUpWorld(server, github, "research-lab-genomics"));
    const run = await runCommand(myPublications, ["my-publications"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^ID\s+VERSION\s+STATUS\s+VISIBILITY\s+ROLE\s+UPDATED\s+LINEAGE$/);
    expect(run.stdout).toMatch(/genomics-pipeline-v3\s+3\.2\.2\s+active\s+public\s+owner\s+\S+\s+forks: somatic-variant-calling/);
  });
});

describe("safety", () => {
  it("a validation failure prints CI's diagnostics and pushes nothing", async () => {
    ({ repo } = setUpWorld(server, github, "kpetrov-ds"));
    const prs = github.pulls().length;
    const pushes = server.pushes().length;
    const run = await runCommand(update, ["update", "jupyter-data-science", "--set", "category=genomic"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^registry\/templates\/jupyter-data-science\/template\.json:\d+:\d+ CWS205\/category-unknown \/category: category "genomic" is not in registry\/categories\.json/m,
    );
    expect(run.stderr).toContain("nothing was pushed");
    expect(server.pushes().length).toBe(pushes);
    expect(pullsSince(prs)).toEqual([]);
    expect(branches(repo.bare)).toEqual(["main"]);
    await expectCleanWorkspace();

    // The git-aware rules run too: only owners may change a template.
    vi.stubEnv("CWS_USER", "jdoe");
    const stranger = await runCommand(update, ["update", "jupyter-data-science", "--description", "A description long enough to pass the schema."]);
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toMatch(/CWS404\/not-an-owner \/owners: jdoe is not an owner of "jupyter-data-science"/);
    expect(branches(repo.bare)).toEqual(["main"]);
    await expectCleanWorkspace();
  });

  it("a push the server rejects leaves the clone clean, and the next attempt succeeds", async () => {
    ({ repo } = setUpWorld(server, github, "jdoe"));
    server.refusePushes(repo.bare, "registry is frozen for the release");
    const prs = github.pulls().length;
    const args = ["fork", "jupyter-data-science", "--name", "lab-data-science"];
    const run = await runCommand(fork, args);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /error PUSH_REJECTED: the registry refused the push \(push cws\/fork\/lab-data-science-[0-9a-f]{6} to .*\): .*pre-receive hook declined/,
    );
    noSecrets(run);
    expect(branches(repo.bare)).toEqual(["main"]);
    expect(pullsSince(prs)).toEqual([]);
    await expectCleanWorkspace();

    server.refusePushes(repo.bare, undefined);
    const retry = await runCommand(fork, args);
    expect(retry.status, retry.stderr).toBe(0);
    expect(pushedBranch()).toMatch(/^cws\/fork\/lab-data-science-/);
    await expectCleanWorkspace();
  });

  it("--dry-run shows the diff and the validation, and pushes nothing", async () => {
    ({ repo } = setUpWorld(server, github, "kpetrov-ds"));
    const prs = github.pulls().length;
    const pushes = server.pushes().length;
    const run = await runCommand(update, [
      "update",
      "jupyter-data-science",
      "--description",
      "JupyterLab with pandas, Polars and DuckDB on Intel/AMD or Graviton.",
      "--dry-run",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "--- a/registry/templates/jupyter-data-science/template.json\n+++ b/registry/templates/jupyter-data-science/template.json\n@@ ",
    );
    expect(run.stdout).toContain('-  "version": "2.4.0",\n+  "version": "2.4.1",');
    expect(run.stdout).toContain('+  "description": "JupyterLab with pandas, Polars and DuckDB on Intel/AMD or Graviton.",');
    expect(run.stdout).toMatch(/✔ \d+ templates \(changes since origin\/main\) valid/);
    expect(run.stdout).toMatch(
      /dry run: would commit "Update jupyter-data-science to 2\.4\.1" on cws\/update\/jupyter-data-science-[0-9a-f]{6}.*nothing was committed or pushed/,
    );
    expect(server.pushes().length).toBe(pushes);
    expect(pullsSince(prs)).toEqual([]);
    expect(branches(repo.bare)).toEqual(["main"]);
    await expectCleanWorkspace();

    const json = await runCommand(update, ["update", "jupyter-data-science", "--note", "Rebuilt on the new base image.", "--dry-run", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      verb: "update",
      template_id: "jupyter-data-science",
      version: "2.4.1",
      dry_run: true,
      pushed: false,
      valid: true,
      commit: null,
    });
  });

  it("pushes only with the token, and never prints it", async () => {
    ({ repo } = setUpWorld(server, github, "jdoe"));
    vi.stubEnv("CWS_REGISTRY_TOKEN", "");
    const none = await runCommand(fork, ["fork", "jupyter-data-science", "--name", "lab-data-science"]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/error AUTH_REQUIRED: the registry asks for credentials/);
    await expectCleanWorkspace();

    vi.stubEnv("CWS_REGISTRY_TOKEN", "ghp_WrongToken000000000000000000000000");
    const wrong = await runCommand(fork, ["fork", "jupyter-data-science", "--name", "lab-data-science", "--json"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/error AUTH_FAILED: the registry rejected the token/);
    expect(wrong.stderr + wrong.stdout).not.toContain("ghp_WrongToken");
    expect(branches(repo.bare)).toEqual(["main"]);
    await expectCleanWorkspace();

    // Credentials typed into the URL are used, but never stored in the clone's config or printed.
    vi.stubEnv("CWS_REGISTRY_TOKEN", "");
    vi.stubEnv("CWS_REGISTRY_REPO", repo.url.replace("http://", `http://x-access-token:${TOKEN}@`));
    const inUrl = await runCommand(fork, ["fork", "jupyter-data-science", "--name", "lab-data-science"]);
    expect(inUrl.status, inUrl.stderr).toBe(0);
    noSecrets(inUrl);
    expect(fs.readFileSync(join(workspaceDirFor(repo.url, process.env), ".git", "config"), "utf8")).not.toContain(TOKEN);
  });

  it("when GitHub will not open the pull request, the pushed branch's compare URL is printed", async () => {
    ({ repo } = setUpWorld(server, github, "kpetrov-ds"));
    github.status = 422;
    try {
      const run = await runCommand(update, ["update", "jupyter-data-science", "--note", "Rebuilt on the new base image."]);
      expect(run.status, run.stderr).toBe(0);
      const branch = pushedBranch();
      expect(run.stdout).toContain(`open the pull request: http://127.0.0.1:`);
      expect(run.stdout).toContain(`/compare/main...${branch}?expand=1`);
      expect(run.stdout).toMatch(/not opened automatically: GitHub refused to open it \(422: Validation Failed/);
      noSecrets(run);
    } finally {
      github.status = 201;
    }
  });

  it("refuses to start without a registry or a handle, and reports an unknown template with a suggestion", async () => {
    ({ repo } = setUpWorld(server, github, "jdoe"));
    vi.stubEnv("CWS_REGISTRY_REPO", "");
    expect((await runCommand(update, ["update", "x", "--note", "n"])).stderr).toMatch(/error NO_REGISTRY_REPO/);
    vi.stubEnv("CWS_REGISTRY_REPO", repo.url);
    vi.stubEnv("CWS_USER", "");
    const noUser = await runCommand(update, ["update", "x", "--note", "n"]);
    expect(noUser).toMatchObject({ status: 2, stderr: expect.stringMatching(/error NO_USER: who is publishing\?\n {2}hint: pass --as <your-handle>/) });
    const unknown = await runCommand(update, ["update", "jupyter-data-sciense", "--note", "n", "--as", "kpetrov-ds"]);
    expect(unknown).toMatchObject({
      status: 3,
      stderr: expect.stringContaining(
        'error TEMPLATE_NOT_FOUND: no template "jupyter-data-sciense" in the registry\n  hint: did you mean "jupyter-data-science"?',
      ),
    });
    await expectCleanWorkspace();
  });
});

function gitLog(ref: string, format: string): string {
  return gitCli(repo.bare, "log", "-1", `--format=${format}`, ref);
}
