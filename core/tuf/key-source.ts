import { readFile } from "node:fs/promises";
import { ensureDevKeys } from "./dev-keys.js";
import { TUF_ERROR, tufError } from "./errors.js";
import type { OnlineRole, TopRole } from "./expiry.js";
import type { JsonObject } from "./json.js";
import { loadSigningKey, type SigningKey } from "./keys.js";
import { assertKeysMatchRoot, parseTrustedRoot } from "./root.js";

export { type DevKeys, ensureDevKeys } from "./dev-keys.js";

/** Where CI finds the keys: each holds a PKCS#8 PEM, or base64 of one. */
export const TUF_KEY_ENV: Readonly<Record<TopRole, string>> = {
  root: "CWS_TUF_ROOT_KEY",
  targets: "CWS_TUF_TARGETS_KEY",
  snapshot: "CWS_TUF_SNAPSHOT_KEY",
  timestamp: "CWS_TUF_TIMESTAMP_KEY",
};
/** Path of the trusted root.json; root.json is signed once, offline, and committed or stored as a file secret. */
export const TUF_ROOT_METADATA_ENV = "CWS_TUF_ROOT_METADATA";
/** The git-ignored folder for local dev keys, relative to the repository. */
export const DEV_KEYS_DIR = ".data/tuf";

export const ONLINE_ROLES: readonly OnlineRole[] = ["targets", "snapshot", "timestamp"];

export type Env = Readonly<Record<string, string | undefined>>;

export interface SigningSetup<R extends OnlineRole = OnlineRole> {
  /** "env" in CI (keys from CWS_TUF_* variables), "dev" for local keys under devDir. */
  source: "env" | "dev";
  rootPath: string;
  /** The parsed, self-signed root metadata that the keys were checked against. */
  root: JsonObject;
  keys: Readonly<Record<R, SigningKey>>;
  /** Only when CWS_TUF_ROOT_KEY is set (or in dev); signing a release never needs it. */
  rootKey?: SigningKey;
}

/**
 * Loads the signing keys for `roles` (default: all three online roles) and the root.json they
 * must match. With no CWS_TUF_* variable set, dev keys under devDir are created on first use.
 * Throws TUF_KEY_MISMATCH when a key is not the one root.json trusts for its role.
 */
export async function loadSigningKeys(env: Env, devDir: string): Promise<SigningSetup>;
export async function loadSigningKeys<R extends OnlineRole>(env: Env, devDir: string, roles: readonly R[]): Promise<SigningSetup<R>>;
export async function loadSigningKeys(env: Env, devDir: string, roles: readonly OnlineRole[] = ONLINE_ROLES): Promise<SigningSetup<OnlineRole>> {
  const fromEnv = isSet(env[TUF_ROOT_METADATA_ENV]) || Object.values(TUF_KEY_ENV).some((name) => isSet(env[name]));
  const sources = fromEnv ? envSources(env, roles) : await devSources(devDir);

  const rootJson = await readRootJson(sources.rootPath);
  const root = parseTrustedRoot(rootJson, sources.rootPath);
  const keys: Partial<Record<TopRole, SigningKey>> = {};
  const labels: Partial<Record<TopRole, string>> = {};
  for (const role of [...roles, "root"] as const) {
    const source = sources.keys[role];
    if (!source) continue;
    keys[role] = loadSigningKey(await source.text(), source.label);
    labels[role] = source.label;
  }
  assertKeysMatchRoot(root, keys, labels);
  const { root: rootKey, ...online } = keys;
  return {
    source: fromEnv ? "env" : "dev",
    rootPath: sources.rootPath,
    root: rootJson,
    keys: online as Record<OnlineRole, SigningKey>,
    ...(rootKey ? { rootKey } : {}),
  };
}

interface KeySource {
  label: string;
  text(): Promise<string>;
}

interface Sources {
  rootPath: string;
  keys: Partial<Record<TopRole, KeySource>>;
}

function envSources(env: Env, roles: readonly OnlineRole[]): Sources {
  const missing = [TUF_ROOT_METADATA_ENV, ...roles.map((role) => TUF_KEY_ENV[role])].filter((name) => !isSet(env[name]));
  if (missing.length > 0) {
    throw tufError(
      TUF_ERROR.keysMissing,
      `TUF signing is configured from the environment, but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set`,
      "set all of them as CI secrets, or unset every CWS_TUF_* variable to sign with local dev keys",
    );
  }
  const keys: Partial<Record<TopRole, KeySource>> = {};
  for (const role of [...roles, "root"] as const) {
    const value = env[TUF_KEY_ENV[role]];
    if (isSet(value)) keys[role] = { label: TUF_KEY_ENV[role], text: async () => value };
  }
  return { rootPath: env[TUF_ROOT_METADATA_ENV] as string, keys };
}

async function devSources(devDir: string): Promise<Sources> {
  const dev = await ensureDevKeys(devDir);
  const keys: Partial<Record<TopRole, KeySource>> = {};
  for (const [role, path] of Object.entries(dev.keyPaths) as [TopRole, string][]) {
    keys[role] = { label: path, text: () => readFile(path, "utf8") };
  }
  return { rootPath: dev.rootPath, keys };
}

async function readRootJson(path: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw tufError(
      TUF_ERROR.rootInvalid,
      `cannot read root metadata ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      `set ${TUF_ROOT_METADATA_ENV} to the path of root.json`,
    );
  }
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    throw tufError(TUF_ERROR.rootInvalid, `${path} is not valid JSON`, "restore root.json from the offline signing ceremony, or recreate dev keys");
  }
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}
