import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CLI_EXIT, cliError } from "./errors.js";
import { configDir } from "./paths.js";

export interface RegistryConfig {
  name: string;
  url: string;
  /** Path of the trusted root.json for this registry. */
  trustedRoot: string;
  /** Higher wins when two registries publish the same template id. */
  priority: number;
}

export interface CliConfig {
  registries: RegistryConfig[];
  /** Base URL of the live marketplace API, for usage events and reviews. */
  apiUrl?: string;
  region?: string;
}

export interface ConfigFlags {
  registryUrl?: string | undefined;
  trustedRoot?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

export const LOCAL_URL = "http://127.0.0.1:4321";
const LOCAL_ROOT = join(".data", "tuf", "root.json");

interface FileConfig {
  registries?: { name?: string; url?: string; trusted_root?: string; priority?: number }[];
  api_url?: string;
  region?: string;
  user?: string;
}

/**
 * Where the marketplace is and which root to trust: --registry-url / --trusted-root, then
 * CWS_MARKETPLACE_URL / CWS_MARKETPLACE_ROOT, then $XDG_CONFIG_HOME/cws/marketplace.json (which may
 * list several registries with priorities), else the local `npm start` marketplace and the root
 * it wrote under .data/tuf/.
 */
export function loadConfig(flags: ConfigFlags, env: Env = process.env, cwd = process.cwd()): CliConfig {
  const file = readConfigFile(env);
  const url = checkedUrl(flags.registryUrl, "--registry-url") ?? checkedUrl(env.CWS_MARKETPLACE_URL, "CWS_MARKETPLACE_URL");
  const root = checkedPath(flags.trustedRoot, "--trusted-root") ?? env.CWS_MARKETPLACE_ROOT;
  const apiUrl = env.CWS_MARKETPLACE_API ?? file?.api_url;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? file?.region;
  const base = { ...(apiUrl ? { apiUrl } : {}), ...(region ? { region } : {}) };
  if (url || root) {
    const trustedRoot = root ?? file?.registries?.find((r) => r.url === url)?.trusted_root ?? defaultRoot(url ?? LOCAL_URL, cwd);
    return { ...base, registries: [{ name: "default", url: trim(url ?? LOCAL_URL), trustedRoot: resolve(cwd, trustedRoot), priority: 0 }] };
  }
  if (file?.registries?.length) {
    const registries = file.registries.map((r, i) => {
      if (!r.url || !r.trusted_root)
        throw cliError("CONFIG", `registry ${i + 1} in ${configPath(env)} needs "url" and "trusted_root"`, "fix the config file", CLI_EXIT.usage);
      const url = checkedUrl(r.url, `registry ${i + 1} in ${configPath(env)}`) ?? r.url;
      return { name: r.name ?? url, url: trim(url), trustedRoot: resolve(r.trusted_root), priority: r.priority ?? 0 };
    });
    return { ...base, registries: registries.sort((a, b) => b.priority - a.priority) };
  }
  return { ...base, registries: [{ name: "local", url: LOCAL_URL, trustedRoot: resolve(cwd, defaultRoot(LOCAL_URL, cwd)), priority: 0 }] };
}

/** The handle the user configured once: CWS_USER, else "user" in the config file. */
export function configuredUser(env: Env = process.env): string | undefined {
  const user = env.CWS_USER || readConfigFile(env)?.user;
  return typeof user === "string" && user !== "" ? user : undefined;
}

/** The AWS region the user chose: AWS_REGION, AWS_DEFAULT_REGION, else "region" in the config file. */
export function configuredRegion(env: Env = process.env): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || readConfigFile(env)?.region || undefined;
}

/** An http(s) URL with a host, or a usage error naming where the bad value came from. */
export function checkedUrl(value: string | undefined, source: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    throw cliError(
      "BAD_URL",
      value.trim() === "" ? `${source} is empty` : `${source} "${value}" is not an http(s) URL`,
      "give the marketplace's base URL, e.g. --registry-url https://marketplace.example.org (or http://127.0.0.1:4321 for npm start)",
      CLI_EXIT.usage,
    );
  }
  return value;
}

function checkedPath(value: string | undefined, source: string): string | undefined {
  if (value !== undefined && value.trim() === "")
    throw cliError("BAD_PATH", `${source} is empty`, "give the path of the marketplace's trusted root.json", CLI_EXIT.usage);
  return value;
}

export function configPath(env: Env = process.env): string {
  return join(configDir(env), "marketplace.json");
}

function readConfigFile(env: Env): FileConfig | undefined {
  const path = configPath(env);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as FileConfig;
  } catch (error) {
    throw cliError("CONFIG", `${path} is not valid JSON: ${(error as Error).message}`, "fix or delete the file", CLI_EXIT.usage);
  }
}

function defaultRoot(url: string, cwd: string): string {
  const local = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(trim(url));
  if (local && existsSync(resolve(cwd, LOCAL_ROOT))) return LOCAL_ROOT;
  throw cliError(
    "NO_TRUSTED_ROOT",
    `no trusted root for ${url}`,
    local
      ? "start the local marketplace with `npm start` in the marketplace checkout (it writes .data/tuf/root.json), or pass --trusted-root"
      : "pass --trusted-root <root.json> or set CWS_MARKETPLACE_ROOT",
    CLI_EXIT.usage,
  );
}

function trim(url: string): string {
  return url.replace(/\/+$/, "");
}
