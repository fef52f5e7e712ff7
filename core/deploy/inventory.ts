import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { type BuildManifest, cacheClassOf, MANIFEST_FORMAT, type ManifestEntry, parseManifest, serializeManifest } from "../build/manifest.js";
import { CwsError, EXIT } from "../errors.js";
import { awsFailure } from "./aws-errors.js";
import { type LocalObject, PENDING_ETAG, type PublishPlan, type RemoteObject } from "./plan.js";
import { runPool } from "./pool.js";
import type { RetryOptions } from "./retry.js";
import { withRetry } from "./retry.js";
import { putObject, type S3Target } from "./s3-sync.js";
import { RESERVED_PREFIX } from "./state.js";

/**
 * What publish believes the bucket holds, in the build manifest's format, stored at
 * INVENTORY_KEY: the last published manifest plus the stale objects still in their grace period
 * and the permanent old roots. The next publish plans against it instead of listing the bucket.
 *
 * Before uploading, publish writes a small journal (PENDING_KEY) naming every key it is about
 * to add, instead of rewriting the whole inventory: a publish killed half-way leaves the old
 * inventory and the journal, and the next publish asks S3 about just the journal's keys
 * (resolvePending), so none is orphaned or trusted unseen. The journal is deleted once the new
 * inventory is in place. `--list-bucket` plans from a full listing instead.
 */
export const INVENTORY_KEY = "_publish/inventory.json";
export const PENDING_KEY = "_publish/pending.json";
const PENDING_FORMAT = 1;
const UNKNOWN_SHA256 = "0".repeat(64);

function where(target: S3Target, key: string): string {
  return `s3://${target.bucket}/${target.prefix}${key}`;
}

async function getText(target: S3Target, key: string, retry?: RetryOptions): Promise<string | undefined> {
  try {
    return await withRetry(async () => {
      const response = await target.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.prefix + key }));
      return (await response.Body?.transformToString("utf8")) ?? "";
    }, retry);
  } catch (error) {
    if ((error as { name?: unknown }).name === "NoSuchKey") return undefined;
    throw awsFailure(`reading ${where(target, key)}`, error);
  }
}

/**
 * The inventory, with every key of a leftover journal marked pending (PENDING_ETAG), or
 * undefined when the bucket has none (its first publish, or one from before inventories).
 */
export async function readInventory(target: S3Target, retry?: RetryOptions): Promise<RemoteObject[] | undefined> {
  const [text, journal] = await Promise.all([getText(target, INVENTORY_KEY, retry), getText(target, PENDING_KEY, retry)]);
  if (text === undefined) return undefined;
  const manifest = parseManifest(text, where(target, INVENTORY_KEY));
  const objects = new Map<string, RemoteObject>([...manifest.files].map(([key, e]) => [key, { key, size: e.size, etag: e.md5 }]));
  // A key already listed is asked about too: the killed publish may have overwritten it.
  for (const [key, size] of journal === undefined ? [] : parsePending(journal, where(target, PENDING_KEY))) {
    objects.set(key, { key, size: objects.get(key)?.size ?? size, etag: PENDING_ETAG });
  }
  return [...objects.values()];
}

function parsePending(text: string, location: string): [string, number][] {
  let data: { format?: unknown; keys?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch (error) {
    throw invalidPending(location, (error as Error).message);
  }
  const keys = data?.keys;
  if (data?.format !== PENDING_FORMAT || typeof keys !== "object" || keys === null || Array.isArray(keys)) throw invalidPending(location, "not a journal");
  const out: [string, number][] = [];
  for (const [key, size] of Object.entries(keys)) {
    if (key.startsWith(RESERVED_PREFIX) || !Number.isSafeInteger(size) || (size as number) < 0)
      throw invalidPending(location, `bad entry ${JSON.stringify(key)}`);
    out.push([key, size as number]);
  }
  return out;
}

function invalidPending(location: string, why: string): CwsError {
  return new CwsError(
    "PUBLISH_STATE_INVALID",
    `${location} is not a publish journal (${why})`,
    "run the publish with --list-bucket, which reconciles the bucket and rewrites it",
    EXIT.usage,
  );
}

export interface ResolvedRemote {
  objects: RemoteObject[];
  /** Pending keys S3 does hold: the next journal names them again until an inventory lists them. */
  carried: RemoteObject[];
}

/** Replaces pending entries with what S3 says about each (a HEAD per key), dropping those never uploaded. */
export async function resolvePending(target: S3Target, remote: readonly RemoteObject[], retry?: RetryOptions, concurrency = 8): Promise<ResolvedRemote> {
  const objects = remote.filter((object) => object.etag !== PENDING_ETAG);
  const carried: RemoteObject[] = [];
  await runPool(
    remote.filter((object) => object.etag === PENDING_ETAG),
    concurrency,
    async (object) => {
      try {
        const head = await withRetry(() => target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.prefix + object.key })), retry);
        carried.push({ key: object.key, size: head.ContentLength ?? object.size, etag: head.ETag ?? "" });
      } catch (error) {
        const name = (error as { name?: unknown }).name;
        if (name === "NotFound" || name === "NoSuchKey" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return;
        throw awsFailure(`checking ${where(target, object.key)}`, error);
      }
    },
  );
  return { objects: [...objects, ...carried], carried };
}

/** The journal written before `plan` uploads: its keys and the ones a killed publish left unlisted. */
export async function writePending(target: S3Target, plan: PublishPlan, carried: readonly RemoteObject[], retry?: RetryOptions): Promise<void> {
  const keys: Record<string, number> = {};
  for (const object of [...carried, ...plan.uploads].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) keys[object.key] = object.size;
  const body = `${JSON.stringify({ format: PENDING_FORMAT, keys })}\n`;
  await putObject(target, PENDING_KEY, Buffer.from(body), { contentType: "application/json", cacheControl: "no-store" }, retry);
}

/** Removes the journal once an inventory lists everything it named. */
export async function clearPending(target: S3Target, retry?: RetryOptions): Promise<void> {
  try {
    await withRetry(() => target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.prefix + PENDING_KEY })), retry);
  } catch (error) {
    throw awsFailure(`deleting ${where(target, PENDING_KEY)}`, error);
  }
}

function entry(size: number, md5: string, cache: ManifestEntry["cache"] = "plain", sha256 = UNKNOWN_SHA256): ManifestEntry {
  return { sha256, size, md5, cache };
}

/** The inventory once `plan` has run: the local tree, the stale objects kept and the retained roots. */
export function finalInventory(local: readonly LocalObject[], remote: readonly RemoteObject[], plan: PublishPlan): BuildManifest {
  const files = new Map<string, ManifestEntry>(local.map((o) => [o.key, entry(o.size, o.md5, cacheClassOf(o.key), o.sha256)]));
  const byKey = new Map(remote.map((o) => [o.key, o]));
  for (const key of [...plan.kept.map((k) => k.key), ...plan.retained]) {
    const o = byKey.get(key);
    if (o) files.set(key, entry(o.size, o.etag.replace(/"/g, "").toLowerCase()));
  }
  return { format: MANIFEST_FORMAT, files: sorted(files) };
}

export async function writeInventory(target: S3Target, inventory: BuildManifest, retry?: RetryOptions): Promise<void> {
  await putObject(target, INVENTORY_KEY, Buffer.from(serializeManifest(inventory)), { contentType: "application/json", cacheControl: "no-store" }, retry);
}

function sorted(files: Map<string, ManifestEntry>): Map<string, ManifestEntry> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
