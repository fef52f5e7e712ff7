import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gitHttpBackend } from "./git-http-backend.js";

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
      const answer = await gitHttpBackend({
        projectRoot: root,
        pathInfo: decodeURIComponent(url.pathname.slice(GIT_PREFIX.length)),
        req,
        url,
        body: Buffer.concat(chunks),
        // Loopback callers are trusted to push branches; the pre-receive hook guards the base branch.
        remoteUser: "local",
      });
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
