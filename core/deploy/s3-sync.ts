import { createHash } from "node:crypto";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CwsError, EXIT } from "../errors.js";
import { awsFailure } from "./aws-errors.js";
import { TIER_NAMES, TIER_ORDER, type Tier } from "./classify.js";
import type { PublishPlan, RemoteObject } from "./plan.js";
import { runPool } from "./pool.js";
import { type RetryOptions, withRetry } from "./retry.js";
import { type PublishState, parseState, RESERVED_PREFIX, STATE_KEY, serializeState } from "./state.js";

/** A bucket and the prefix the tree lives under ("" or ending in "/"). */
export interface S3Target {
  client: S3Client;
  bucket: string;
  prefix: string;
}

/** `a/b`, `/a/b/` and `a/b/` all mean the folder `a/b/`; empty means the bucket root. */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? "" : `${trimmed}/`;
}

function where(target: S3Target, key: string): string {
  return `s3://${target.bucket}/${target.prefix}${key}`;
}

/** Every object under the prefix, keys relative to it, the publish state excluded. */
export async function listRemote(target: S3Target, retry?: RetryOptions): Promise<RemoteObject[]> {
  const objects: RemoteObject[] = [];
  let token: string | undefined;
  try {
    // Each page is retried on its own; the continuation token makes a retried page idempotent.
    do {
      const page = await withRetry(
        () =>
          target.client.send(
            new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix, MaxKeys: 1000, ...(token ? { ContinuationToken: token } : {}) }),
          ),
        retry,
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        const key = item.Key.slice(target.prefix.length);
        if (key === "" || key.startsWith(RESERVED_PREFIX)) continue;
        objects.push({ key, size: item.Size ?? 0, etag: item.ETag ?? "" });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw awsFailure(`listing ${where(target, "")}`, error);
  }
  return objects;
}

export async function readState(target: S3Target, retry?: RetryOptions): Promise<PublishState | undefined> {
  const location = where(target, STATE_KEY);
  try {
    const text = await withRetry(async () => {
      const response = await target.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.prefix + STATE_KEY }));
      return (await response.Body?.transformToString("utf8")) ?? "";
    }, retry);
    return parseState(text, location);
  } catch (error) {
    if ((error as { name?: unknown }).name === "NoSuchKey") return undefined;
    throw awsFailure(`reading ${location}`, error);
  }
}

export async function writeState(target: S3Target, state: PublishState, retry?: RetryOptions): Promise<void> {
  await putObject(target, STATE_KEY, Buffer.from(serializeState(state)), { contentType: "application/json", cacheControl: "no-store" }, retry);
}

export async function putObject(target: S3Target, key: string, body: Uint8Array, headers: { contentType: string; cacheControl: string }, retry?: RetryOptions) {
  // Content-MD5 makes S3 reject a body damaged in transit instead of storing it.
  const contentMd5 = createHash("md5").update(body).digest("base64");
  try {
    await withRetry(
      () =>
        target.client.send(
          new PutObjectCommand({
            Bucket: target.bucket,
            Key: target.prefix + key,
            Body: body,
            ContentType: headers.contentType,
            CacheControl: headers.cacheControl,
            ContentMD5: contentMd5,
          }),
        ),
      retry,
    );
  } catch (error) {
    throw awsFailure(`uploading ${where(target, key)}`, error);
  }
}

export interface SyncProgress {
  phase: "upload" | "delete";
  /** Objects done in this phase, and how many there are. */
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  key: string;
}

export interface ExecuteOptions {
  readBody: (key: string) => Promise<Uint8Array>;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  onProgress?: (progress: SyncProgress) => void;
  retry?: RetryOptions;
  /** Test hook: stop as if killed just before this tier starts (nothing later runs, state unwritten). */
  failBeforeTier?: Tier;
}

/** Uploads tier by tier, then deletes, then records the new state; stops at the first failure. */
export async function executePlan(target: S3Target, plan: PublishPlan, options: ExecuteOptions): Promise<void> {
  const concurrency = options.concurrency ?? 8;
  const upload = { done: 0, bytes: 0, total: plan.uploads.length, bytesTotal: plan.totals.uploadBytes };
  for (const tier of TIER_ORDER) {
    if (options.failBeforeTier === tier) {
      throw new CwsError("PUBLISH_ABORTED", `publish stopped before the ${TIER_NAMES[tier]} tier (test hook)`, "", EXIT.internal);
    }
    const batch = plan.uploads.filter((u) => u.tier === tier);
    await runPool(batch, concurrency, async (item) => {
      const body = await options.readBody(item.key);
      await putObject(target, item.key, body, item, options.retry);
      upload.done++;
      upload.bytes += item.size;
      options.onProgress?.({ phase: "upload", done: upload.done, total: upload.total, bytesDone: upload.bytes, bytesTotal: upload.bytesTotal, key: item.key });
    });
  }

  const removed = { done: 0, bytes: 0 };
  await runPool(plan.deletes, concurrency, async (item) => {
    try {
      await withRetry(() => target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.prefix + item.key })), options.retry);
    } catch (error) {
      throw awsFailure(`deleting ${where(target, item.key)}`, error);
    }
    removed.done++;
    removed.bytes += item.size;
    options.onProgress?.({
      phase: "delete",
      done: removed.done,
      total: plan.deletes.length,
      bytesDone: removed.bytes,
      bytesTotal: plan.totals.deleteBytes,
      key: item.key,
    });
  });

  if (plan.writeState) await writeState(target, plan.nextState, options.retry);
}
