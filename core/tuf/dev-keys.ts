import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TUF_ERROR, tufError } from "./errors.js";
import type { TopRole } from "./expiry.js";
import { generateSigningKey, type SigningKey } from "./keys.js";
import { createRoot } from "./root.js";

const ROLES: readonly TopRole[] = ["root", "targets", "snapshot", "timestamp"];

export interface DevKeys {
  dir: string;
  rootPath: string;
  /** keys/<role>.pem, mode 0600. */
  keyPaths: Readonly<Record<TopRole, string>>;
  /** True when this call generated the keys and root.json. */
  created: boolean;
}

/**
 * Local signing keys for development: on first use creates keys/{root,targets,snapshot,timestamp}.pem
 * (0600) and a v1 root.json signed by the root key, then reuses them, so local clients keep
 * trusting the same root. A partial folder is an error rather than being overwritten: replacing
 * keys silently would break every client that trusts the old root.json.
 */
export async function ensureDevKeys(dir: string, now: Date = new Date()): Promise<DevKeys> {
  const rootPath = join(dir, "root.json");
  const keyPaths = Object.fromEntries(ROLES.map((role) => [role, join(dir, "keys", `${role}.pem`)])) as Record<TopRole, string>;
  const files = [rootPath, ...Object.values(keyPaths)];
  const present = await Promise.all(files.map(exists));
  if (present.every(Boolean)) return { dir, rootPath, keyPaths, created: false };
  if (present.some(Boolean)) {
    const missing = files.filter((_, i) => !present[i]);
    throw tufError(
      TUF_ERROR.keysMissing,
      `dev key folder ${dir} is incomplete: ${missing.join(", ")} missing`,
      `delete ${dir} to create fresh dev keys (local clients must then trust the new root.json)`,
    );
  }

  await mkdir(join(dir, "keys"), { recursive: true, mode: 0o700 });
  // Belt and braces: keeps the keys out of git even if the folder is not under an ignored path.
  await writeFile(join(dir, ".gitignore"), "*\n");
  const keys = {} as Record<TopRole, SigningKey>;
  for (const role of ROLES) {
    const generated = generateSigningKey();
    keys[role] = generated.key;
    // "wx": never replace a key another process has just written.
    await writeFile(keyPaths[role], generated.privateKeyPem, { mode: 0o600, flag: "wx" });
  }
  await writeFile(rootPath, createRoot({ keys, signedAt: now }), { flag: "wx" });
  return { dir, rootPath, keyPaths, created: true };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
