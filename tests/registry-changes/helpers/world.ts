import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import type { Template } from "../../../core/types/generated.js";
import { validateRegistryDir } from "../../../core/validate/validate-dir.js";
import { tempDir } from "../../helpers/run.js";
import { type GitServer, gitCli } from "./git-server.js";
import type { GithubFake } from "./github-fake.js";

export const TOKEN = "ghp_TestSecretToken0123456789abcdef";

export interface Repo {
  url: string;
  bare: string;
  mainOid: string;
}

/**
 * One test's world: a fresh bare registry behind the git server, a private home (XDG folders), and
 * the environment the CLI reads: registry URL, handle, token, GitHub API base URL. Nothing points
 * anywhere but loopback; AWS endpoints go to a closed port should a call slip past the mock.
 */
export function setUpWorld(server: GitServer, github: GithubFake | undefined, actor = "open-data-science"): { repo: Repo; home: string } {
  const repo = server.newRepo();
  const home = tempDir("cws-publish-home-");
  const env: Record<string, string | undefined> = {
    HOME: home,
    XDG_CACHE_HOME: join(home, "cache"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_STATE_HOME: join(home, "state"),
    CWS_REGISTRY_REPO: repo.url,
    CWS_REGISTRY_BRANCH: undefined,
    CWS_USER: actor,
    CWS_REGISTRY_TOKEN: TOKEN,
    GITHUB_TOKEN: undefined,
    CWS_GITHUB_API_URL: github?.url,
    CWS_GITHUB_REPO: undefined,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: "AKIDTEST",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_EC2_METADATA_DISABLED: "true",
    CWS_EC2_ENDPOINT: "http://127.0.0.1:9",
    NO_COLOR: "1",
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return { repo, home };
}

export function branches(bare: string): string[] {
  const out = gitCli(bare, "for-each-ref", "refs/heads", "--format=%(refname:short)");
  return out ? out.split("\n").sort() : [];
}

export function showFile(bare: string, ref: string, path: string): string {
  return gitCli(bare, "show", `${ref}:${path}`);
}

export function templateAt(bare: string, ref: string, id: string): Template {
  return JSON.parse(showFile(bare, ref, `registry/templates/${id}/template.json`)) as Template;
}

/** The files a commit changed relative to its parent, with their status letters (A, M, D). */
export function changedFiles(bare: string, ref: string): string[] {
  return gitCli(bare, "diff-tree", "--no-commit-id", "--name-status", "-r", `${ref}^`, ref)
    .split("\n")
    .filter(Boolean)
    .map((l) => l.replace(/\t/, " "));
}

export function commitMessage(bare: string, ref: string): string {
  return gitCli(bare, "log", "-1", "--format=%B", ref);
}

/** What CI does with the pushed branch: a plain git checkout, then `validate --base <old main> --actor <caller>`. */
export async function ciValidate(repo: Repo, branch: string, actor: string) {
  const dir = join(mkdtempSync(join(tmpdir(), "cws-ci-")), "checkout");
  gitCli(tmpdir(), "clone", "-q", "--branch", branch, repo.bare, dir);
  return validateRegistryDir(join(dir, "registry"), { base: repo.mainOid, actor });
}
