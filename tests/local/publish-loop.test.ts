// Done means (issue 16, publishing locally): npm start in a temp copy of the repository, a fork
// through the installed CLI with no flags, live in `info --refresh` and on the site; a change
// local CI refuses shows its diagnostics and changes nothing.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitCli } from "../../apps/local/git-remote.js";
import type { LocalPullRequest } from "../../core/types/generated.js";
import { installPackedCli } from "../cli/helpers/installed.js";
import { ROOT, tempDir } from "../helpers/run.js";

const run = promisify(execFile);

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

/** The repository as a newcomer has it, in a temp folder (node_modules linked, not copied). */
function copyRepo(): string {
  const dir = join(tempDir("cws-repo-"), "marketplace");
  for (const part of ["apps", "cli", "core", "registry", "schemas", "scripts", "site", "package.json", "tsconfig.json"])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true, filter: (src) => !src.includes("node_modules") });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

async function start(repo: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts", "--port", "0"], { cwd: repo, env });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^ready: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("publishing on npm start, end to end", () => {
  let repo = "";
  let home = "";
  let env: Record<string, string> = {};
  let market: Started;
  let cws = "";

  beforeAll(async () => {
    repo = copyRepo();
    home = tempDir("cws-home-");
    env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_CACHE_HOME: join(home, "cache"),
      XDG_STATE_HOME: join(home, "state"),
      NO_COLOR: "1",
      CWS_USER: "research-lab-genomics",
    };
    const [installed, started] = await Promise.all([installPackedCli(), start(repo, env)]);
    cws = installed.bin;
    market = started;
  }, 400_000);

  afterAll(async () => {
    if (!market) return;
    const exited = new Promise((resolve) => market.child.once("exit", resolve));
    market.child.kill("SIGINT");
    await exited;
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(cws, args, { cwd: home, env, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  };

  it("prints the registry URL and the commands to try, and writes the CLI config", () => {
    const out = market.output();
    expect(out).toMatch(new RegExp(`registry \\(git\\) ${market.url}/git/registry\\.git`));
    expect(out).toContain("cws marketplace fork genomics-pipeline-v3 --name my-fork");
    const config = JSON.parse(readFileSync(join(home, "config", "cws", "marketplace.json"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({ registry_repo: `${market.url}/git/registry.git`, api_url: market.url, user: "research-lab-genomics" });
  });

  it("answers the API's registry changes locally instead of 501", async () => {
    const res = await fetch(`${market.url}/api/v1/marketplace/templates/genomics-pipeline-v3/fork?dry_run=true`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cws-user": "jdoe-lab" },
      body: JSON.stringify({ template_id: "api-fork" }),
    });
    const body = (await res.json()) as { dry_run?: boolean; diff?: string; base?: { ref: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ dry_run: true, base: { ref: "origin/main" } });
    expect(body.diff).toContain("registry/templates/api-fork/template.json");
  }, 60_000);

  it("forks through the installed CLI with no flags, and the fork goes live in info and on the site", async () => {
    const before = await cli("marketplace", "info", "my-fork", "--refresh", "--json");
    expect(before.code).not.toBe(0);

    const t0 = Date.now();
    const fork = await cli("marketplace", "fork", "genomics-pipeline-v3", "--name", "my-fork");
    const pushed = (Date.now() - t0) / 1000;
    expect(fork.code, fork.stderr).toBe(0);
    expect(fork.stdout).toMatch(/pull request #\d+: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/marketplace\/pull-requests\/\d+/);

    const info = await until(
      "the fork in cws marketplace info",
      async () => {
        const r = await cli("marketplace", "info", "my-fork", "--refresh", "--json");
        return r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
      },
      60_000,
    );
    const live = (Date.now() - t0) / 1000;
    expect(JSON.stringify(info)).toContain("genomics-pipeline-v3");
    const page = await until(
      "the fork's page",
      async () => {
        const res = await fetch(`${market.url}/templates/my-fork/`);
        return res.status === 200 ? res.text() : undefined;
      },
      5_000,
    );
    expect(page).toContain("fork by research-lab-genomics");
    const pulls = (await (await fetch(`${market.url}/api/v1/marketplace/pull-requests`)).json()) as { pull_requests: LocalPullRequest[] };
    expect(pulls.pull_requests[0]).toMatchObject({ state: "published", author: "research-lab-genomics", base: "main" });
    console.log(`fork to live: ${live.toFixed(1)} s (the CLI's fork, push and pull request: ${pushed.toFixed(1)} s)`);
    console.log(
      market
        .output()
        .split("\n")
        .filter((l) => l.startsWith("local CI:"))
        .join("\n"),
    );
    expect(live).toBeLessThan(30);
  }, 120_000);

  it("a change the CLI's validation refuses shows file:line:col, code and hint, and pushes nothing", async () => {
    const r = await cli("marketplace", "update", "my-fork", "--set", "category=no-such-category", "--bump", "patch");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/registry\/templates\/my-fork\/template\.json:\d+:\d+/);
    expect(r.stderr).toMatch(/CWS\d{3}/);
    expect(r.stderr).toContain("nothing was pushed");
  }, 60_000);

  it("a branch local CI refuses shows its diagnostics on GET of the pull request, and main does not move", async () => {
    const gitUrl = `${market.url}/git/registry.git`;
    const work = join(tempDir("cws-clone-"), "registry");
    gitCli(join(work, ".."), ["clone", "-q", gitUrl, work]);
    const mainBefore = gitCli(work, ["rev-parse", "HEAD"]);
    // The base branch is protected: only local CI's merges move it.
    gitCli(work, ["commit", "-q", "--allow-empty", "-m", "straight to main"]);
    expect(() => gitCli(work, ["push", "-q", "origin", "HEAD:main"])).toThrow(/main is protected/);
    gitCli(work, ["reset", "-q", "--hard", "origin/main"]);
    // Someone else's template, changed without the CLI: the ownership rule refuses it.
    const file = join(work, "registry", "templates", "genomics-pipeline-v3", "template.json");
    const t = JSON.parse(readFileSync(file, "utf8")) as { description: string };
    t.description = "Hijacked.";
    writeFileSync(file, `${JSON.stringify(t, null, 2)}\n`);
    gitCli(work, ["checkout", "-q", "-b", "cws/update/hijack"]);
    gitCli(work, ["commit", "-q", "-am", "Hijack"]);
    gitCli(work, ["push", "-q", "origin", "cws/update/hijack"]);
    const opened = await fetch(`${market.url}/api/v1/marketplace/pull-requests`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cws-user": "mallory" },
      body: JSON.stringify({ head: "cws/update/hijack", title: "Hijack" }),
    });
    expect(opened.status).toBe(201);
    const { url } = (await opened.json()) as LocalPullRequest;
    const pr = await until(
      "local CI's verdict",
      async () => {
        const p = (await (await fetch(url)).json()) as LocalPullRequest;
        return p.state === "failed" ? p : undefined;
      },
      30_000,
    );
    const error = pr.diagnostics.find((d) => d.severity === "error");
    expect(error).toMatchObject({ file: "registry/templates/genomics-pipeline-v3/template.json", code: expect.stringMatching(/^CWS\d{3}$/) });
    expect(error?.line).toBeGreaterThan(0);
    expect(error?.hint.length).toBeGreaterThan(0);
    expect(gitCli(work, ["ls-remote", "origin", "refs/heads/main"]).split(/\s/)[0]).toBe(mainBefore);
    const info = await cli("marketplace", "info", "genomics-pipeline-v3", "--refresh", "--json");
    expect(info.stdout).not.toContain("Hijacked.");
    expect(await (await fetch(`${market.url}/templates/genomics-pipeline-v3/`)).text()).not.toContain("Hijacked.");
  }, 90_000);
});
