import { execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** URL path the local registry's git remote is served under, on the npm start origin. */
export const GIT_PREFIX = "/git";
export const REPO_NAME = "registry.git";
/** Set in the environment of the one process allowed to move the base branch (local CI's merge). */
export const CI_PUSH_ENV = "CWS_LOCAL_CI_PUSH";

type Env = Record<string, string>;

/** git with no user or system config and a fixed identity, so the machine's settings never leak in. */
export function gitCli(cwd: string, args: string[], extraEnv: Env = {}): string {
  return execFileSync("git", ["-c", "user.name=Local CI", "-c", "user.email=ci@localhost", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", HOME: cwd, GIT_TERMINAL_PROMPT: "0", ...extraEnv },
  }).trim();
}

export interface GitRemote {
  /** The bare repository. */
  bare: string;
  /** Node handler for the CDN server's `before` chain: answers GIT_PREFIX/REPO_NAME/…, else false. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The clone URL on an origin such as http://127.0.0.1:4321. */
  urlOn(origin: string): string;
}

/**
 * The local registry as a real git smart-HTTP remote: `git http-backend` (CGI) over one bare
 * repository whose registry/ is seeded from the working copy. Anyone on loopback may push
 * branches; a pre-receive hook refuses pushes to the base branch except from local CI, as a
 * protected branch on GitHub does.
 */
export function openGitRemote(options: { root: string; seed: string; branch?: string }): GitRemote {
  const root = resolve(options.root);
  const bare = join(root, REPO_NAME);
  const branch = options.branch ?? "main";
  if (!existsSync(join(bare, "HEAD"))) seedBare(bare, resolve(options.seed), branch);
  protectBranch(bare, branch);
  return {
    bare,
    urlOn: (origin) => `${origin.replace(/\/+$/, "")}${GIT_PREFIX}/${REPO_NAME}`,
    handle: async (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (!url.pathname.startsWith(`${GIT_PREFIX}/${REPO_NAME}/`)) return false;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await httpBackend(root, url, req, Buffer.concat(chunks));
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return true;
    },
  };
}

/** A bare repository with one commit: the working copy's registry/ at registry/, as in production. */
function seedBare(bare: string, registryDir: string, branch: string): void {
  const work = mkdtempSync(join(tmpdir(), "cws-seed-"));
  try {
    gitCli(work, ["init", "-q", "-b", branch]);
    cpSync(registryDir, join(work, "registry"), { recursive: true });
    writeFileSync(join(work, "README.md"), "# Template registry (local)\n\nServed by npm start; pull requests are merged by local CI.\n");
    gitCli(work, ["add", "-A"]);
    gitCli(work, ["commit", "-q", "-m", "Seed the local registry from the working copy"]);
    mkdirSync(bare, { recursive: true });
    gitCli(work, ["clone", "-q", "--bare", work, bare]);
    gitCli(bare, ["remote", "remove", "origin"]);
    gitCli(bare, ["config", "http.receivepack", "true"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function protectBranch(bare: string, branch: string): void {
  const hook = join(bare, "hooks", "pre-receive");
  mkdirSync(join(bare, "hooks"), { recursive: true });
  writeFileSync(
    hook,
    `#!/bin/sh
# Written by npm start (apps/local/git-remote.ts): ${branch} changes only through a pull request.
while read old new ref; do
  if [ "$ref" = "refs/heads/${branch}" ] && [ "$${CI_PUSH_ENV}" != "1" ]; then
    echo "${branch} is protected: push a branch and open a pull request (cws marketplace publish|update|unpublish|fork do both)" >&2
    exit 1
  fi
done
exit 0
`,
  );
  chmodSync(hook, 0o755);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request through `git http-backend`, its CGI answer parsed into status, headers and body. */
function httpBackend(projectRoot: string, url: URL, req: IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((done, fail) => {
    const child = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: projectRoot,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: decodeURIComponent(url.pathname.slice(GIT_PREFIX.length)),
        QUERY_STRING: url.search.replace(/^\?/, ""),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        CONTENT_LENGTH: String(body.length),
        REMOTE_ADDR: "127.0.0.1",
        // http-backend refuses anonymous pushes even with receivepack on; loopback callers are trusted.
        REMOTE_USER: "local",
        ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", fail);
    child.on("close", () => {
      const all = Buffer.concat(out);
      const split = all.indexOf("\r\n\r\n");
      if (split < 0) {
        done({ status: 500, headers: { "content-type": "text/plain" }, body: Buffer.concat([all, ...err]) });
        return;
      }
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of all.subarray(0, split).toString("latin1").split("\r\n")) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === "status") status = Number.parseInt(value, 10);
        else if (name) headers[name] = value;
      }
      done({ status, headers, body: all.subarray(split + 4) });
    });
    // git may answer and exit before reading the whole body (a refused push); its answer counts.
    child.stdin.on("error", () => {});
    child.stdin.end(body);
  });
}
