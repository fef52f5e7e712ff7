import { Metadata, MetadataKind, type Root, type Snapshot } from "@tufjs/models";
import { canonicalize } from "./canonical-json.js";
import type { Json } from "./json.js";
import { type SigningKey, verifySignature } from "./keys.js";
import { SPEC_VERSION, sha256Hex } from "./metadata.js";
import { readTimestamp } from "./timestamp.js";

/** How targets and bins describe one target file. */
export interface TargetEntry {
  length: number;
  hashes: { sha256: string };
}

/** A bin of the previous release: the version its snapshot names and the published bytes. */
export interface BinCandidate {
  version: number;
  bytes: Uint8Array;
}

export interface PreviousBinsInput {
  root: Metadata<Root>;
  /** The previous `<v>.snapshot.json`. */
  snapshot: Uint8Array;
  /** The previous timestamp.json, when known: the snapshot must be the one it names. */
  timestamp?: Uint8Array | undefined;
  /** Bin name → bytes of the version the previous snapshot names. */
  bins: ReadonlyMap<string, Uint8Array>;
  /** The bins of the bit_length being signed now. */
  binNames: readonly string[];
}

export interface PreviousBins {
  candidates: Map<string, BinCandidate>;
  /** Why previous metadata could not be used; reuse is an optimisation, so these never fail a build. */
  warnings: string[];
}

/**
 * The bins of the previous release that could be kept as they are. The snapshot must verify
 * under the trusted root (so a corrupted dist/ cannot choose bin versions) and name exactly the
 * bins of the current bit_length (otherwise the split changed and every bin is new). Each bin's
 * own content and signature are checked later, by isReusableBin.
 */
export function previousBinCandidates(input: PreviousBinsInput): PreviousBins {
  const none = (warning?: string): PreviousBins => ({ candidates: new Map(), warnings: warning ? [warning] : [] });
  let snapshot: Metadata<Snapshot>;
  try {
    snapshot = Metadata.fromJSON(MetadataKind.Snapshot, JSON.parse(new TextDecoder().decode(input.snapshot)) as { [key: string]: Json });
    input.root.verifyDelegate(MetadataKind.Snapshot, snapshot);
  } catch {
    return none("the previous snapshot is not valid snapshot metadata signed by the trusted snapshot key; every bin is re-signed");
  }
  if (input.timestamp) {
    const named = readTimestamp(input.timestamp, "the previous timestamp.json").snapshotMeta;
    if (named.version !== snapshot.signed.version || (named.hashes?.sha256 !== undefined && named.hashes.sha256 !== sha256Hex(input.snapshot))) {
      return none("the previous snapshot is not the one the previous timestamp.json names; every bin is re-signed");
    }
  }
  const meta = snapshot.signed.meta;
  const previousBins = Object.keys(meta).filter((name) => name !== "targets.json");
  const sameSplit = previousBins.length === input.binNames.length && input.binNames.every((name) => meta[`${name}.json`] !== undefined);
  if (!sameSplit) return none();

  const candidates = new Map<string, BinCandidate>();
  const warnings: string[] = [];
  for (const name of input.binNames) {
    const info = meta[`${name}.json`];
    const bytes = input.bins.get(name);
    if (!info || !bytes) continue;
    const sha256 = info.hashes?.sha256;
    if ((info.length !== undefined && info.length !== bytes.length) || (sha256 !== undefined && sha256 !== sha256Hex(bytes))) {
      warnings.push(`the previous ${info.version}.${name}.json does not match the previous snapshot; it is re-signed`);
      continue;
    }
    candidates.set(name, { version: info.version, bytes });
  }
  return { candidates, warnings };
}

/**
 * True when a previous bin can be published again byte for byte: its signed part is exactly
 * what we would sign now for `entries` (same targets, no other fields), it carries one valid
 * signature by the current targets key, and it stays valid until `validUntil`. Checked with
 * our canonical JSON rather than @tufjs/models, whose parsing is quadratic in the bin size;
 * clients verify the signature over the same canonical bytes.
 */
export function isReusableBin(candidate: BinCandidate, entries: readonly (readonly [string, TargetEntry])[], key: SigningKey, validUntil: Date): boolean {
  let envelope: { signatures?: unknown; signed?: { expires?: unknown } };
  try {
    envelope = JSON.parse(new TextDecoder().decode(candidate.bytes)) as typeof envelope;
  } catch {
    return false;
  }
  const { signatures, signed } = envelope;
  if (!Array.isArray(signatures) || signatures.length !== 1 || typeof signed?.expires !== "string") return false;
  const [signature] = signatures as { keyid?: unknown; sig?: unknown }[];
  if (signature?.keyid !== key.keyId || typeof signature.sig !== "string") return false;
  const expires = Date.parse(signed.expires);
  if (!(expires >= validUntil.getTime())) return false;
  const expected = canonicalize({
    _type: "targets",
    spec_version: SPEC_VERSION,
    version: candidate.version,
    expires: signed.expires,
    targets: Object.fromEntries(entries),
  });
  try {
    if (canonicalize(signed) !== expected) return false;
  } catch {
    // Floats or other values canonical JSON cannot hold: not something we signed.
    return false;
  }
  return verifySignature(key.publicKey, new TextEncoder().encode(expected), signature.sig);
}
