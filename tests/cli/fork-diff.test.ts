import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VersionDiff } from "../../core/versions/diff.js";
import { TempRepo } from "../helpers/git-repo.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

const PARENT = "example-workstation";
const FORK = "example-fork";
const PARENT_FILE = `registry/templates/${PARENT}/template.json`;
const FORK_FILE = `registry/templates/${FORK}/template.json`;

let server: StaticServer;
let flags: string[];

function commitAt(repo: TempRepo, message: string, epoch: number) {
  repo.git("add", "-A");
  const date = `@${epoch} +0000`;
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message], {
    cwd: repo.dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

// History: the parent at 1.2.0 (the corpus); a fork of 1.2.0 that adds scanpy; then the parent's
// 1.3.0, which raises python and changes its post_install script.
beforeAll(async () => {
  const repo = new TempRepo();
  cpSync(join(repo.dir, `registry/templates/${PARENT}`), join(repo.dir, `registry/templates/${FORK}`), { recursive: true });
  repo.editJson(FORK_FILE, (t) => {
    t.template_id = FORK;
    t.name = "Example Fork";
    t.version = "1.0.0";
    t.forked_from = { template_id: PARENT, version: "1.2.0" };
    t.changelog = [{ version: "1.0.0", date: "2026-09-01", changes: [{ kind: "added", description: "scanpy." }] }];
    t.environment.packages = { ...t.environment.packages, pip: [...(t.environment.packages?.pip ?? []), "scanpy==1.10.0"] };
  });
  commitAt(repo, "fork", 1_789_000_000);
  repo.editJson(PARENT_FILE, (t) => {
    t.version = "1.3.0";
    t.changelog = [{ version: "1.3.0", date: "2026-10-02", changes: [{ kind: "changed", description: "Python 3.13." }] }, ...(t.changelog ?? [])];
    const conda = t.environment.packages?.conda ?? [];
    t.environment.packages = { ...t.environment.packages, conda: conda.map((p) => (p.startsWith("python=") ? "python=3.13" : p)) };
    // The corpus script is one line without a newline: the edit replaces it and adds one.
    t.environment.post_install = `${t.environment.post_install ?? ""} && echo 'python 3.13 ready'\necho done\n`;
  });
  commitAt(repo, "1.3.0", 1_790_000_000);
  const market = await builtMarketplace({ registry: join(repo.dir, "registry") });
  server = await startStaticServer(market.out);
  flags = ["--registry-url", server.url, "--trusted-root", market.root];
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe("forks: info says what the parent released since, diff compares with the parent", () => {
  it("info <fork> names the parent's releases since the fork point and the commands that show them", async () => {
    const home = userHome();
    const text = await cws(["marketplace", "info", FORK, ...flags], home);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`${PARENT} has released 1.3.0 since this fork (of v1.2.0)`);
    expect(text.stdout).toContain(`what changed there: cws marketplace diff ${PARENT} 1.2.0 1.3.0`);
    expect(text.stdout).toContain(`this fork against it: cws marketplace diff ${FORK} --parent`);
    const json = JSON.parse((await cws(["marketplace", "info", FORK, "--json", ...flags], home)).stdout) as { parent_releases?: unknown };
    expect(json.parent_releases).toEqual({
      parent: PARENT,
      forked_version: "1.2.0",
      versions: ["1.3.0"],
      diff_command: `cws marketplace diff ${PARENT} 1.2.0 1.3.0`,
    });
    // The parent itself is no fork: no such line.
    const parent = await cws(["marketplace", "info", PARENT, ...flags], home);
    expect(parent.stdout).not.toContain("since this fork");
  });

  it("the suggested parent diff shows the package upgrade and the script change", async () => {
    const r = await cws(["marketplace", "diff", PARENT, "1.2.0", "1.3.0", ...flags], userHome());
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("  ↑ conda python =3.12 → =3.13");
    const scripts = lines.slice(lines.indexOf("scripts:"));
    expect(scripts).toEqual([
      "scripts:",
      "  ~ post_install (+2 -1 lines)",
      "    @@ -1 +1,2 @@",
      "    -echo workspace: {{.workspace}} > /etc/motd",
      "    +echo workspace: {{.workspace}} > /etc/motd && echo 'python 3.13 ready'",
      "    +echo done",
      "",
    ]);
  });

  it("diff <fork> --parent compares the fork's latest with the parent's latest", async () => {
    const r = await cws(["marketplace", "diff", FORK, "--parent", "--json", ...flags], userHome());
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as VersionDiff;
    expect(d.from).toEqual({ template_id: PARENT, version: "1.3.0" });
    expect(d.to).toEqual({ template_id: FORK, version: "1.0.0" });
    expect(d.packages.added).toEqual([{ name: "scanpy", ecosystem: "pip", version: "==1.10.0" }]);
    expect(d.packages.downgraded).toEqual([{ name: "python", ecosystem: "conda", from: "=3.13", to: "=3.12" }]);
    expect(d.scripts.map((s) => [s.field, s.change])).toEqual([["post_install", "changed"]]);
  });

  it("diff <fork> <parent>@<forked version> shows only what the fork changed", async () => {
    const home = userHome();
    const r = await cws(["marketplace", "diff", FORK, `${PARENT}@1.2.0`, ...flags], home);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")).toEqual([`${PARENT}@1.2.0 → ${FORK}@1.0.0`, "packages (declared packages):", "  + pip scanpy ==1.10.0", ""]);
    // A bare parent id compares with its latest, as --parent does.
    const bare = JSON.parse((await cws(["marketplace", "diff", FORK, PARENT, "--json", ...flags], home)).stdout) as VersionDiff;
    const flag = JSON.parse((await cws(["marketplace", "diff", FORK, "--parent", "--json", ...flags], home)).stdout) as VersionDiff;
    expect(bare).toEqual(flag);
  });

  it("refuses --parent on a template that is no fork, and an unknown parent version", async () => {
    const home = userHome();
    const notFork = await cws(["marketplace", "diff", PARENT, "--parent", ...flags], home);
    expect(notFork.status).toBe(2);
    expect(notFork.stderr).toMatch(/^error NOT_A_FORK: example-workstation is not a fork/);
    const unknown = await cws(["marketplace", "diff", FORK, `${PARENT}@9.9.9`, ...flags], home);
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toMatch(/^error VERSION_NOT_FOUND: example-workstation has no published version 9\.9\.9/);
    expect(unknown.stderr).toMatch(/published: 1\.3\.0, 1\.2\.0/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
