import { TUF_ERROR, tufError } from "./errors.js";
import { type ExpiryDays, expiresAt, type OnlineRole, resolveExpiryDays } from "./expiry.js";
import { encodeJson } from "./json.js";
import type { SigningKey } from "./keys.js";
import { metaFileFor, SPEC_VERSION, sha256Hex, signMetadata } from "./metadata.js";
import { assertKeysMatchRoot, parseTrustedRoot } from "./root.js";
import { checkTargetPath, hashPrefixedPath, METADATA_DIR } from "./target-paths.js";
import { buildTimestamp } from "./timestamp.js";

/** The keys CI holds. The root key stays offline and is not needed to sign a release. */
export type OnlineKeys = Readonly<Record<OnlineRole, SigningKey>>;

export interface SignTreeOptions {
  /** Every file of the CDN tree outside metadata/, by POSIX relative path. */
  targets: ReadonlyMap<string, Uint8Array>;
  /** The trusted, already signed root metadata (parsed root.json). */
  root: unknown;
  keys: OnlineKeys;
  /** Version of targets and snapshot: the last commit's epoch seconds, or SOURCE_DATE_EPOCH. */
  version: number;
  signedAt: Date;
  /** Overrides for targets, snapshot and timestamp lifetimes (root's comes from root.json). */
  expiryDays?: Partial<ExpiryDays>;
  /** The timestamp.json currently on the CDN, if known; guarantees the new one is newer. */
  previousTimestamp?: Uint8Array;
}

/**
 * Signs a CDN tree. Returns only what to add to it: the metadata files and a hash-prefixed copy
 * of every target (same bytes). Pure and deterministic: the same input gives the same bytes.
 *
 * Upload order matters for clients mid-publish: everything returned except
 * metadata/timestamp.json is new and immutable, so upload it first and timestamp.json last.
 */
export function signTree(options: SignTreeOptions): Map<string, Uint8Array> {
  const { targets, keys, version, signedAt } = options;
  const days = resolveExpiryDays(options.expiryDays);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw tufError(TUF_ERROR.config, `metadata version must be a positive integer, got ${version}`, "pass the last commit's epoch seconds");
  }
  const root = parseTrustedRoot(options.root, "root.json");
  assertKeysMatchRoot(root, keys);
  if (root.signed.isExpired(signedAt)) {
    throw tufError(
      TUF_ERROR.rootInvalid,
      `root.json version ${root.signed.version} expired at ${root.signed.expires}`,
      "sign a new root version with the offline root key",
    );
  }

  const out = new Map<string, Uint8Array>();
  const paths = [...targets.keys()].sort();
  const entries: [string, { length: number; hashes: { sha256: string } }][] = [];
  for (const path of paths) {
    checkTargetPath(path);
    const bytes = targets.get(path) as Uint8Array;
    const sha256 = sha256Hex(bytes);
    entries.push([path, { length: bytes.length, hashes: { sha256 } }]);
    const hashed = hashPrefixedPath(path, sha256);
    // A target could, in theory, already be named like another target's hashed copy.
    const clash = targets.get(hashed);
    if (clash && sha256Hex(clash) !== sha256) {
      throw tufError(TUF_ERROR.targetPath, `target "${hashed}" clashes with the hash-prefixed copy of "${path}"`, "rename the target");
    }
    out.set(hashed, bytes);
  }

  const common = { spec_version: SPEC_VERSION, version };
  const targetsBytes = signMetadata(
    { _type: "targets", ...common, expires: expiresAt(signedAt, days.targets), targets: Object.fromEntries(entries) },
    keys.targets,
  );
  const snapshotMeta = { "targets.json": metaFileFor(targetsBytes, version) };
  const snapshotBytes = signMetadata({ _type: "snapshot", ...common, expires: expiresAt(signedAt, days.snapshot), meta: snapshotMeta }, keys.snapshot);
  const timestampBytes = buildTimestamp({
    snapshotBytes,
    snapshotVersion: version,
    key: keys.timestamp,
    signedAt,
    expiryDays: days.timestamp,
    previousTimestamp: options.previousTimestamp,
  });

  // Root is re-serialized from its parsed form; signatures cover the canonical form, so they stay valid.
  const rootBytes = encodeJson(root.toJSON());
  out.set(`${METADATA_DIR}/${root.signed.version}.root.json`, rootBytes);
  out.set(`${METADATA_DIR}/root.json`, rootBytes);
  out.set(`${METADATA_DIR}/${version}.targets.json`, targetsBytes);
  out.set(`${METADATA_DIR}/${version}.snapshot.json`, snapshotBytes);
  out.set(`${METADATA_DIR}/timestamp.json`, timestampBytes);
  return out;
}
