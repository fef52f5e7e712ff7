import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { type BuildManifest, cacheClassOf, MANIFEST_FORMAT, type ManifestEntry, parseManifest, serializeManifest } from "../build/manifest.js";
import { awsFailure } from "./aws-errors.js";
import { type LocalObject, PENDING_ETAG, type PublishPlan, type RemoteObject } from "./plan.js";
import type { RetryOptions } from "./retry.js";
import { withRetry } from "./retry.js";
import { putObject, type S3Target } from "./s3-sync.js";

/**
 * What publish believes the bucket holds, in the build manifest's format, stored at
 * INVENTORY_KEY: the last published manifest plus the stale objects still in their grace period
 * and the permanent old roots. The next publish plans against it instead of listing the bucket.
 *
 * Before uploading, publish writes the inventory with every key it is about to add marked
 * pending (PENDING_ETAG, which matches no content): a publish killed half-way leaves an
 * inventory that still names those objects, and the next publish asks S3 about just those
 * (resolvePending), so none is orphaned or trusted unseen. `--list-bucket` plans from a full listing instead.
 */
export const INVENTORY_KEY = "_publish/inventory.json";
const UNKNOWN_SHA256 = "0".repeat(64);

export async function readInventory(target: S3Target, retry?: RetryOptions): Promise<RemoteObject[] | undefined> {
  const where = `s3://${target.bucket}/${target.prefix}${INVENTORY_KEY}`;
  let text: string;
  try {
    text = await withRetry(async () => {
      const response = await target.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.prefix + INVENTORY_KEY }));
      return (await response.Body?.transformToString("utf8")) ?? "";
    }, retry);
  } catch (error) {
    if ((error as { name?: unknown }).name === "NoSuchKey") return undefined;
    throw awsFailure(`reading ${where}`, error);
  }
  const manifest = parseManifest(text, where);
  return [...manifest.files].map(([key, e]) => ({ key, size: e.size, etag: e.md5 }));
}

/** Replaces pending entries with what S3 says about each (a HEAD per key), dropping those never uploaded. */
export async function resolvePending(target: S3Target, remote: readonly RemoteObject[], retry?: RetryOptions): Promise<RemoteObject[]> {
  const out: RemoteObject[] = [];
  for (const object of remote) {
    if (object.etag !== PENDING_ETAG) {
      out.push(object);
      continue;
    }
    try {
      const head = await withRetry(() => target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.prefix + object.key })), retry);
      out.push({ key: object.key, size: head.ContentLength ?? object.size, etag: head.ETag ?? "" });
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (name === "NotFound" || name === "NoSuchKey" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) continue;
      throw awsFailure(`checking s3://${target.bucket}/${target.prefix}${object.key}`, error);
    }
  }
  return out;
}

function entry(size: number, md5: string, cache: ManifestEntry["cache"] = "plain", sha256 = UNKNOWN_SHA256): ManifestEntry {
  return { sha256, size, md5, cache };
}

/** The inventory while `plan` runs: what was there, plus every new key as pending. */
export function pendingInventory(remote: readonly RemoteObject[], plan: PublishPlan): BuildManifest {
  const files = new Map<string, ManifestEntry>(remote.map((o) => [o.key, entry(o.size, o.etag.replace(/"/g, "").toLowerCase())]));
  for (const upload of plan.uploads) files.set(upload.key, entry(upload.size, PENDING_ETAG));
  return { format: MANIFEST_FORMAT, files: sorted(files) };
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
