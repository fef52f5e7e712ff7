import { Metadata, MetadataKind, type Root } from "@tufjs/models";
import { TUF_ERROR, tufError } from "./errors.js";
import { DEFAULT_EXPIRY_DAYS, expiresAt, type TopRole } from "./expiry.js";
import type { Json } from "./json.js";
import type { SigningKey } from "./keys.js";
import { type SignedJson, SPEC_VERSION, signMetadata } from "./metadata.js";

const TOP_ROLES: readonly TopRole[] = ["root", "targets", "snapshot", "timestamp"];

export interface CreateRootOptions {
  keys: Readonly<Record<TopRole, SigningKey>>;
  signedAt: Date;
  /** Days until expiry; default 365. */
  expiryDays?: number;
  version?: number;
}

/** Builds and self-signs root metadata (one key, threshold 1 per role); returns the file bytes. */
export function createRoot(options: CreateRootOptions): Uint8Array {
  const { keys, signedAt, expiryDays = DEFAULT_EXPIRY_DAYS.root, version = 1 } = options;
  const signed: SignedJson & Record<string, unknown> = {
    _type: "root",
    spec_version: SPEC_VERSION,
    version,
    expires: expiresAt(signedAt, expiryDays),
    // Hash-prefixed targets and versioned metadata names let a CDN cache every file but
    // timestamp.json forever, and let a half-finished upload never mix two releases.
    consistent_snapshot: true,
    keys: Object.fromEntries(TOP_ROLES.map((role) => [keys[role].keyId, keys[role].publicKey])),
    roles: Object.fromEntries(TOP_ROLES.map((role) => [role, { keyids: [keys[role].keyId], threshold: 1 }])),
  };
  return signMetadata(signed, keys.root);
}

/**
 * Parses root metadata we are about to sign under and checks what clients will check: it is
 * self-signed by its root threshold and uses consistent snapshots (we only publish versioned
 * and hash-prefixed names). `label` names the source in errors.
 */
export function parseTrustedRoot(json: unknown, label: string): Metadata<Root> {
  let root: Metadata<Root>;
  try {
    root = Metadata.fromJSON(MetadataKind.Root, json as { [key: string]: Json });
  } catch (error) {
    throw tufError(TUF_ERROR.rootInvalid, `${label} is not TUF root metadata: ${(error as Error).message}`, "use the root.json created by npm run keys");
  }
  try {
    root.verifyDelegate(MetadataKind.Root, root);
  } catch {
    throw tufError(
      TUF_ERROR.rootInvalid,
      `${label} is not signed by its own root keys`,
      "re-sign root.json with the offline root key, or recreate it with npm run keys",
    );
  }
  if (!root.signed.consistentSnapshot) {
    throw tufError(
      TUF_ERROR.rootInvalid,
      `${label} has consistent_snapshot false`,
      "the CDN layout needs consistent_snapshot: true; create a new root version with it",
    );
  }
  return root;
}

/**
 * Fails when a key is not the one root.json trusts for its role, or when the role needs more
 * signatures than the single key we sign with. Clients would reject such metadata, so this
 * stops a publish before it breaks every client. Errors name key ids only.
 */
export function assertKeysMatchRoot(
  root: Metadata<Root>,
  keys: Readonly<Partial<Record<TopRole, SigningKey>>>,
  labels: Readonly<Partial<Record<TopRole, string>>> = {},
): void {
  for (const role of TOP_ROLES) {
    const key = keys[role];
    if (!key) continue;
    const trusted = root.signed.roles[role];
    const source = labels[role] ?? `the ${role} key`;
    if (!trusted?.keyIDs.includes(key.keyId)) {
      const expected = trusted?.keyIDs.map(short).join(", ") || "none";
      throw tufError(
        TUF_ERROR.keyMismatch,
        `${source} (key id ${short(key.keyId)}) is not a ${role} key of root.json version ${root.signed.version}, which trusts ${expected}`,
        `use the ${role} key that belongs to this root.json, or point CWS_TUF_ROOT_METADATA at the matching root.json`,
      );
    }
    if (trusted.threshold > 1) {
      throw tufError(
        TUF_ERROR.rootInvalid,
        `root.json requires ${trusted.threshold} ${role} signatures; signing here uses one key per role`,
        "set the threshold to 1",
      );
    }
  }
}

// Enough of a key id to tell keys apart in a message.
function short(keyId: string): string {
  return keyId.slice(0, 12);
}
