import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { publishError, requireHandle } from "./files.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Where to publish and as whom, resolved from flags, then the environment, then the config file. */
export interface PublishingSettings {
  /** The registry's git URL (http or https), without credentials. */
  registryRepo: string;
  /** The branch pull requests target. */
  registryBranch: string;
  /** The registry folder inside the repository. */
  registryPath: string;
  /** The caller's handle. */
  actor: string;
  /** Token for git pushes and the GitHub API. Never printed; see redact(). */
  token?: string;
  /** GitHub REST API base URL, when the remote is a GitHub (or GitHub Enterprise) repository. */
  githubApiUrl?: string;
  /** owner/name of the GitHub repository pull requests are opened in. */
  githubRepo?: { owner: string; repo: string };
  /** The local clone. */
  workspaceDir: string;
  /**
   * The local registry's pull-request list (POST there), which `npm start` writes to the config
   * file as pull_requests_url; when unset, pull requests are opened on GitHub.
   */
  pullRequestsUrl?: string;
}

export interface PublishingFlags {
  registryRepo?: string | undefined;
  registryBranch?: string | undefined;
  as?: string | undefined;
  githubApiUrl?: string | undefined;
  githubRepo?: string | undefined;
}

/** The publishing keys of $XDG_CONFIG_HOME/cws/marketplace.json. */
export interface PublishingFileConfig {
  registry_repo?: string;
  registry_branch?: string;
  registry_path?: string;
  user?: string;
  github_api_url?: string;
  github_repo?: string;
  pull_requests_url?: string;
}

export const GITHUB_API = "https://api.github.com";

/**
 * --registry-repo / CWS_REGISTRY_REPO / registry_repo, --as / CWS_USER / user, and so on. The
 * token comes only from the environment (CWS_REGISTRY_TOKEN, else GITHUB_TOKEN), never from a flag
 * (shell history) or the config file. Credentials written into the URL are moved to the token.
 */
export function resolveSettings(flags: PublishingFlags, env: Env = process.env, file: PublishingFileConfig = {}): PublishingSettings {
  const rawRepo = flags.registryRepo ?? env.CWS_REGISTRY_REPO ?? file.registry_repo;
  if (!rawRepo) {
    throw publishError(
      "NO_REGISTRY_REPO",
      "no registry repository is configured",
      'pass --registry-repo https://github.com/<org>/<registry>.git, set CWS_REGISTRY_REPO, or add "registry_repo" to ~/.config/cws/marketplace.json',
    );
  }
  const { url, password } = splitCredentials(rawRepo);
  const rawActor = flags.as ?? env.CWS_USER ?? file.user;
  if (!rawActor) {
    throw publishError("NO_USER", "who is publishing?", 'pass --as <your-handle>, set CWS_USER, or add "user" to ~/.config/cws/marketplace.json');
  }
  const actor = requireHandle(rawActor);
  const token = env.CWS_REGISTRY_TOKEN || env.GITHUB_TOKEN || password || undefined;
  const apiFlag = flags.githubApiUrl ?? env.CWS_GITHUB_API_URL ?? file.github_api_url;
  const repoFlag = flags.githubRepo ?? env.CWS_GITHUB_REPO ?? file.github_repo;
  const parsed = new URL(url);
  const onGithub = parsed.hostname === "github.com" || parsed.hostname === "www.github.com";
  let githubRepo: PublishingSettings["githubRepo"];
  if (repoFlag) {
    const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repoFlag);
    if (!m?.[1] || !m[2])
      throw publishError("BAD_GITHUB_REPO", `--github-repo "${repoFlag}" is not owner/name`, "e.g. --github-repo cloudworkstation/registry");
    githubRepo = { owner: m[1], repo: m[2].replace(/\.git$/, "") };
  } else if (onGithub || apiFlag) {
    githubRepo = ownerRepo(parsed.pathname);
  }
  const githubApiUrl = apiFlag ? apiFlag.replace(/\/+$/, "") : onGithub ? GITHUB_API : undefined;
  const registryBranch = flags.registryBranch ?? env.CWS_REGISTRY_BRANCH ?? file.registry_branch ?? "main";
  if (!/^[A-Za-z0-9._/-]+$/.test(registryBranch) || registryBranch.includes("..")) {
    throw publishError("BAD_BRANCH", `"${registryBranch}" is not a branch name`, "e.g. --registry-branch main");
  }
  const pullRequestsUrl = env.CWS_PULL_REQUESTS_URL || file.pull_requests_url || undefined;
  return {
    registryRepo: url,
    registryBranch,
    registryPath: (file.registry_path ?? "registry").replace(/^\/+|\/+$/g, ""),
    actor,
    ...(token ? { token } : {}),
    ...(githubApiUrl && githubRepo ? { githubApiUrl, githubRepo } : {}),
    workspaceDir: workspaceDirFor(url, env),
    ...(pullRequestsUrl ? { pullRequestsUrl } : {}),
  };
}

/** The clone for a registry URL: $XDG_CACHE_HOME/cws/marketplace/workspaces/<host-path>-<hash>. */
export function workspaceDirFor(url: string, env: Env = process.env): string {
  const cache = join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "cws", "marketplace", "workspaces");
  const u = new URL(url);
  const slug = `${u.hostname}${u.port ? `-${u.port}` : ""}${u.pathname}`
    .replace(/\.git$/, "")
    .replace(/[^A-Za-z0-9.-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 8);
  return join(cache, `${slug}-${hash}`);
}

function splitCredentials(raw: string): { url: string; password?: string } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw publishError(
      "BAD_REGISTRY_REPO",
      `registry repository "${redactUrl(raw)}" is not a URL`,
      "use the https clone URL, e.g. https://github.com/<org>/<registry>.git",
    );
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw publishError(
      "BAD_REGISTRY_REPO",
      `registry repository ${redactUrl(raw)} uses ${u.protocol.replace(/:$/, "")}; cws pushes over HTTP(S) only`,
      "use the https clone URL, and put the token in CWS_REGISTRY_TOKEN",
    );
  }
  const password = decodeURIComponent(u.password || u.username || "") || undefined;
  u.username = "";
  u.password = "";
  return { url: u.toString().replace(/\/+$/, ""), ...(password ? { password } : {}) };
}

function ownerRepo(pathname: string): { owner: string; repo: string } | undefined {
  const parts = pathname
    .replace(/\.git$/, "")
    .split("/")
    .filter(Boolean);
  const owner = parts.at(-2);
  const repo = parts.at(-1);
  return owner && repo ? { owner, repo } : undefined;
}

/** Removes secrets from text meant for people: the token itself, and credentials inside URLs. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join("***");
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join("***");
    const basic = Buffer.from(secret).toString("base64");
    out = out.split(basic).join("***");
  }
  return out;
}

export function redactUrl(text: string): string {
  return text.replace(/(\bhttps?:\/\/)[^/\s@]+@/gi, "$1***@");
}

/** The compare page where a person opens the pull request by hand (GitHub, Gitea and Forgejo all serve it). */
export function compareUrl(settings: Pick<PublishingSettings, "registryRepo" | "registryBranch" | "githubRepo" | "githubApiUrl">, branch: string): string {
  const web =
    settings.githubRepo && settings.githubApiUrl === GITHUB_API
      ? `https://github.com/${settings.githubRepo.owner}/${settings.githubRepo.repo}`
      : settings.registryRepo.replace(/\.git$/, "");
  return `${web}/compare/${encodeURIComponent(settings.registryBranch)}...${encodeURIComponent(branch).replace(/%2F/g, "/")}?expand=1`;
}
