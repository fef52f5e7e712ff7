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
}

/**
 * Where the marketplace is and which root to trust: --registry-url / --trusted-root, then
 * CWS_MARKETPLACE_URL / CWS_MARKETPLACE_ROOT, then $XDG_CONFIG_HOME/cws/marketplace.json (which may
 * list several registries with priorities), else the local `npm start` marketplace and the root
 * it wrote under .data/tuf/.
 */
export function loadConfig(flags: ConfigFlags, env: Env = process.env, cwd = process.cwd()): CliConfig {
  const file = readConfigFile(env);
  const url = flags.registryUrl ?? env.CWS_MARKETPLACE_URL;
  const root = flags.trustedRoot ?? env.CWS_MARKETPLACE_ROOT;
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
      return { name: r.name ?? r.url, url: trim(r.url), trustedRoot: resolve(r.trusted_root), priority: r.priority ?? 0 };
    });
    return { ...base, registries: registries.sort((a, b) => b.priority - a.priority) };
  }
  return { ...base, registries: [{ name: "local", url: LOCAL_URL, trustedRoot: resolve(cwd, defaultRoot(LOCAL_URL, cwd)), priority: 0 }] };
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
