import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname } from "node:path";
import { configPath } from "../../cli/src/lib/config.js";
import { HANDLE } from "../../core/spec/ids.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Marks a config file npm start may rewrite; a file without it is the user's and is left alone. */
export const WRITTEN_BY = "npm start (apps/local/cli-config.ts); delete this key to keep your own settings";

export interface LocalCliConfig {
  url: string;
  trustedRoot: string;
  registryRepo: string;
  pullRequestsUrl: string;
  user: string;
}

export type ConfigWrite = { written: true; path: string } | { written: false; path: string; reason: string };

/**
 * Points the CLI at this npm start with no flags: the marketplace (url, trusted root), the API,
 * the registry's git remote, its pull-request list and a handle. Only a file npm start wrote
 * itself (or none) is written, so a researcher's own configuration is never replaced.
 */
export function writeLocalCliConfig(config: LocalCliConfig, env: Env): ConfigWrite {
  const path = configPath(env);
  if (existsSync(path)) {
    let mine = false;
    try {
      mine = (JSON.parse(readFileSync(path, "utf8")) as { written_by?: unknown }).written_by === WRITTEN_BY;
    } catch {
      mine = false;
    }
    if (!mine) return { written: false, path, reason: `${path} is yours (it has no "written_by" from npm start)` };
  }
  const doc = {
    written_by: WRITTEN_BY,
    registries: [{ name: "local", url: config.url, trusted_root: config.trustedRoot, priority: 0 }],
    api_url: config.url,
    registry_repo: config.registryRepo,
    registry_branch: "main",
    registry_path: "registry",
    pull_requests_url: config.pullRequestsUrl,
    user: config.user,
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return { written: true, path };
}

/** The local handle: CWS_USER, else the login name made a valid handle, else local-dev. */
export function localHandle(env: Env): string {
  const candidates = [env.CWS_USER, safeLogin()]
    .filter((v): v is string => typeof v === "string")
    .map((v) =>
      v
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 39),
    );
  return candidates.find((c) => HANDLE.test(c)) ?? "local-dev";
}

function safeLogin(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
