import { Metadata, MetadataKind, type Snapshot, type Timestamp } from "@tufjs/models";
import { TUF_ERROR, tufError } from "./errors.js";
import { epochSeconds, expiresAt } from "./expiry.js";
import type { Json } from "./json.js";
import type { SigningKey } from "./keys.js";
import { metaFileFor, SPEC_VERSION, sha256Hex, signMetadata } from "./metadata.js";

export interface BuildTimestampOptions {
  snapshotBytes: Uint8Array;
  snapshotVersion: number;
  key: SigningKey;
  signedAt: Date;
  expiryDays: number;
  /** The currently published timestamp.json, to keep versions rising across builds and resigns. */
  previousTimestamp?: Uint8Array | undefined;
}

/**
 * Signs timestamp.json. Its version is the signing time in epoch seconds (so a later resign
 * always wins), never below the snapshot version, and above any previously published timestamp:
 * clients reject a timestamp whose version goes down.
 */
export function buildTimestamp(options: BuildTimestampOptions): Uint8Array {
  const { snapshotBytes, snapshotVersion, key, signedAt, expiryDays, previousTimestamp } = options;
  let version = Math.max(epochSeconds(signedAt), snapshotVersion);
  if (previousTimestamp) {
    const previous = parseMetadata(MetadataKind.Timestamp, previousTimestamp, "the previous timestamp.json").signed;
    const published = previous.snapshotMeta;
    if (snapshotVersion < published.version) {
      throw tufError(
        TUF_ERROR.versionRollback,
        `snapshot version ${snapshotVersion} is lower than the published version ${published.version}`,
        "clients would reject it as a rollback; sign with a higher version (a later commit time or SOURCE_DATE_EPOCH)",
      );
    }
    const publishedHash = published.hashes?.sha256;
    if (snapshotVersion === published.version && publishedHash !== undefined && publishedHash !== sha256Hex(snapshotBytes)) {
      throw tufError(
        TUF_ERROR.versionRollback,
        `snapshot version ${snapshotVersion} is already published with different content`,
        "versioned metadata files are immutable on the CDN; sign with a higher version, or set SOURCE_DATE_EPOCH to rebuild the same bytes",
      );
    }
    version = Math.max(version, previous.version + 1);
  }
  const signed = {
    _type: "timestamp" as const,
    spec_version: SPEC_VERSION,
    version,
    expires: expiresAt(signedAt, expiryDays),
    meta: { "snapshot.json": metaFileFor(snapshotBytes, snapshotVersion) },
  };
  return signMetadata(signed, key);
}

/** Parses a snapshot file; only its structure is checked, not its signature. */
export function readSnapshot(bytes: Uint8Array, label: string): Snapshot {
  return parseMetadata(MetadataKind.Snapshot, bytes, label).signed;
}

export function readTimestamp(bytes: Uint8Array, label: string): Timestamp {
  return parseMetadata(MetadataKind.Timestamp, bytes, label).signed;
}

function parseMetadata(kind: MetadataKind.Timestamp, bytes: Uint8Array, label: string): Metadata<Timestamp>;
function parseMetadata(kind: MetadataKind.Snapshot, bytes: Uint8Array, label: string): Metadata<Snapshot>;
function parseMetadata(kind: MetadataKind.Timestamp | MetadataKind.Snapshot, bytes: Uint8Array, label: string): Metadata<Timestamp | Snapshot> {
  try {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as { [key: string]: Json };
    return kind === MetadataKind.Timestamp ? Metadata.fromJSON(kind, json) : Metadata.fromJSON(kind, json);
  } catch (error) {
    throw tufError(
      TUF_ERROR.metadataInvalid,
      `${label} is not valid ${kind} metadata: ${(error as Error).message}`,
      "rebuild the site to regenerate metadata/",
    );
  }
}
