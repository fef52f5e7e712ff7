import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Metadata, MetadataKind } from "@tufjs/models";
import { TUF_ERROR, tufError } from "./errors.js";
import { DEFAULT_EXPIRY_DAYS, expiryDaysFromEnv, resolveExpiryDays } from "./expiry.js";
import type { Json } from "./json.js";
import { type Env, loadSigningKeys } from "./key-source.js";
import type { SigningKey } from "./keys.js";
import { parseTrustedRoot } from "./root.js";
import { METADATA_DIR } from "./target-paths.js";
import { buildTimestamp, readSnapshot, readTimestamp } from "./timestamp.js";

export interface ResignTimestampOptions {
  /** The published <version>.snapshot.json the new timestamp points at. */
  snapshotBytes: Uint8Array;
  key: SigningKey;
  signedAt: Date;
  /** Default 7. */
  expiryDays?: number;
  /** The timestamp.json being replaced; the new version is always above it. */
  previousTimestamp?: Uint8Array;
}

/**
 * A fresh timestamp.json for an unchanged release: same snapshot, later expiry, higher version.
 * Run on a schedule so clients keep accepting a registry that has not changed in a week.
 *
 * Only the timestamp, by design: targets.json, the hash bins and the snapshot are renewed by
 * every build (the daily refresh rebuilds), and a build keeps a bin only while it outlives the
 * new snapshot (binReuseValidUntil). So the snapshot always expires first, and re-signing it,
 * or anything below it, needs the targets and snapshot keys, which a resign does not hold.
 */
export function resignTimestamp(options: ResignTimestampOptions): Uint8Array {
  const snapshot = readSnapshot(options.snapshotBytes, "the snapshot");
  return buildTimestamp({
    snapshotBytes: options.snapshotBytes,
    snapshotVersion: snapshot.version,
    key: options.key,
    signedAt: options.signedAt,
    expiryDays: options.expiryDays ?? DEFAULT_EXPIRY_DAYS.timestamp,
    previousTimestamp: options.previousTimestamp,
  });
}

export interface ResignDirOptions {
  /** The built CDN tree (holds metadata/). */
  dir: string;
  env: Env;
  /** Dev key folder, used when no CWS_TUF_* variable is set. */
  devDir: string;
  now?: Date;
  /** Overrides CWS_TUF_TIMESTAMP_DAYS. */
  timestampDays?: number;
}

export interface ResignResult {
  timestampPath: string;
  previousVersion: number;
  version: number;
  expires: string;
  snapshotVersion: number;
}

/** Rewrites <dir>/metadata/timestamp.json; needs only the timestamp key. */
export async function resignDir(options: ResignDirOptions): Promise<ResignResult> {
  const metadataDir = join(options.dir, METADATA_DIR);
  const timestampPath = join(metadataDir, "timestamp.json");
  const previousTimestamp = await readPublished(timestampPath);
  const previous = readTimestamp(previousTimestamp, timestampPath);
  const snapshotVersion = previous.snapshotMeta.version;
  const snapshotPath = join(metadataDir, `${snapshotVersion}.snapshot.json`);
  const snapshotBytes = await readPublished(snapshotPath);

  const setup = await loadSigningKeys(options.env, options.devDir, ["timestamp"] as const);
  assertSignedBySnapshotKey(setup.root, snapshotBytes, snapshotPath);
  const days = resolveExpiryDays({ ...expiryDaysFromEnv(options.env), ...(options.timestampDays !== undefined ? { timestamp: options.timestampDays } : {}) });
  const bytes = resignTimestamp({
    snapshotBytes,
    key: setup.keys.timestamp,
    signedAt: options.now ?? new Date(),
    expiryDays: days.timestamp,
    previousTimestamp,
  });

  // Write then rename, so a server never reads a half-written timestamp.json.
  const temp = `${timestampPath}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, timestampPath);
  const next = readTimestamp(bytes, timestampPath);
  return { timestampPath, previousVersion: previous.version, version: next.version, expires: next.expires, snapshotVersion };
}

// A timestamp vouching for a snapshot our root does not accept would just break clients later.
function assertSignedBySnapshotKey(rootJson: unknown, snapshotBytes: Uint8Array, label: string): void {
  const root = parseTrustedRoot(rootJson, "root.json");
  try {
    const snapshot = Metadata.fromJSON(MetadataKind.Snapshot, JSON.parse(new TextDecoder().decode(snapshotBytes)) as { [key: string]: Json });
    root.verifyDelegate(MetadataKind.Snapshot, snapshot);
  } catch {
    throw tufError(
      TUF_ERROR.metadataInvalid,
      `${label} is not signed by the snapshot key of the trusted root.json`,
      "rebuild and sign the site with the keys that match root.json",
    );
  }
}

async function readPublished(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw tufError(
      TUF_ERROR.metadataInvalid,
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      "build and sign the site first, or pass --dir <built tree>",
    );
  }
}
