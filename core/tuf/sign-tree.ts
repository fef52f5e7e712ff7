import { allBinNames, chooseBitLength, isTopLevelTarget, succinctDelegations } from "./delegation.js";
import { TUF_ERROR, tufError } from "./errors.js";
import { binReuseValidUntil, type ExpiryDays, expiresAt, type OnlineRole, resolveExpiryDays } from "./expiry.js";
import { encodeJson } from "./json.js";
import type { SigningKey } from "./keys.js";
import { type MetaFileJson, metaFileFor, SPEC_VERSION, sha256Hex, signMetadata } from "./metadata.js";
import { previousBinCandidates, type TargetEntry } from "./previous-bins.js";
import { assertKeysMatchRoot, parseTrustedRoot } from "./root.js";
import { signBins } from "./sign-bins.js";
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
  /** Version of targets, snapshot and re-signed bins: the signing time, or SOURCE_DATE_EPOCH. */
  version: number;
  signedAt: Date;
  /** Overrides for targets, snapshot and timestamp lifetimes (root's comes from root.json). */
  expiryDays?: Partial<ExpiryDays>;
  /** The timestamp.json currently on the CDN, if known; guarantees the new one is newer. */
  previousTimestamp?: Uint8Array | undefined;
  /** The snapshot previousTimestamp names; with previousBins, lets unchanged bins keep their bytes. */
  previousSnapshot?: Uint8Array | undefined;
  /** Bin name (bins-0a) → bytes of the version previousSnapshot names. */
  previousBins?: ReadonlyMap<string, Uint8Array> | undefined;
}

export interface SignedRelease {
  /** What to add to the tree: metadata files and a hash-prefixed copy of every target. */
  files: Map<string, Uint8Array>;
  topLevelTargets: number;
  delegatedTargets: number;
  bitLength: number;
  bins: number;
  /** Bins published again byte for byte from the previous release. */
  reusedBins: number;
  /** Previous metadata that could not be reused, and why; never fatal. */
  warnings: string[];
}

/** signRelease without the report: just the files to add to the tree. */
export function signTree(options: SignTreeOptions): Map<string, Uint8Array> {
  return signRelease(options).files;
}

/**
 * Signs a CDN tree. Top-level targets.json lists the few files every command reads
 * (isTopLevelTarget) and delegates everything else to succinct hash bins (TAP 15) signed with
 * the same online targets key. Pure and deterministic: the same input (previous metadata
 * included) gives the same bytes.
 *
 * Upload order matters for clients mid-publish: everything returned except
 * metadata/timestamp.json is new or unchanged and immutable, so upload it first and
 * timestamp.json last.
 */
export function signRelease(options: SignTreeOptions): SignedRelease {
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
  const topLevel: [string, TargetEntry][] = [];
  const delegated: [string, TargetEntry][] = [];
  for (const path of paths) {
    checkTargetPath(path);
    const bytes = targets.get(path) as Uint8Array;
    const sha256 = sha256Hex(bytes);
    (isTopLevelTarget(path) ? topLevel : delegated).push([path, { length: bytes.length, hashes: { sha256 } }]);
    const hashed = hashPrefixedPath(path, sha256);
    // A target could, in theory, already be named like another target's hashed copy.
    const clash = targets.get(hashed);
    if (clash && sha256Hex(clash) !== sha256) {
      throw tufError(TUF_ERROR.targetPath, `target "${hashed}" clashes with the hash-prefixed copy of "${path}"`, "rename the target");
    }
    out.set(hashed, bytes);
  }

  const bitLength = chooseBitLength(delegated.length);
  const previous =
    options.previousSnapshot && options.previousBins
      ? previousBinCandidates({
          root,
          snapshot: options.previousSnapshot,
          timestamp: options.previousTimestamp,
          bins: options.previousBins,
          binNames: allBinNames(bitLength),
        })
      : { candidates: new Map(), warnings: [] };
  const targetsExpires = expiresAt(signedAt, days.targets);
  const bins = signBins({
    entries: delegated,
    bitLength,
    key: keys.targets,
    version,
    expires: targetsExpires,
    reuseValidUntil: binReuseValidUntil(signedAt, days),
    previous: previous.candidates,
  });

  const common = { spec_version: SPEC_VERSION, version };
  const targetsBytes = signMetadata(
    {
      _type: "targets",
      ...common,
      expires: targetsExpires,
      targets: Object.fromEntries(topLevel),
      delegations: succinctDelegations(keys.targets, bitLength),
    },
    keys.targets,
  );
  const snapshotMeta: Record<string, MetaFileJson> = { "targets.json": metaFileFor(targetsBytes, version) };
  for (const bin of bins) snapshotMeta[`${bin.name}.json`] = metaFileFor(bin.bytes, bin.version);
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
  // tuf-js fetches a delegated role as `${version}.${role}.json` under consistent snapshots.
  for (const bin of bins) out.set(`${METADATA_DIR}/${bin.version}.${bin.name}.json`, bin.bytes);
  out.set(`${METADATA_DIR}/${version}.snapshot.json`, snapshotBytes);
  out.set(`${METADATA_DIR}/timestamp.json`, timestampBytes);
  return {
    files: out,
    topLevelTargets: topLevel.length,
    delegatedTargets: delegated.length,
    bitLength,
    bins: bins.length,
    reusedBins: bins.filter((bin) => bin.reused).length,
    warnings: previous.warnings,
  };
}
