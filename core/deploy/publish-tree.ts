import type { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { cloudFrontClient, dynamoClient, endpointSettings, s3Client } from "../aws/clients.js";
import { CwsError, EXIT } from "../errors.js";
import type { PublishedTemplate } from "../types/generated.js";
import { METADATA_KEY, parsePublishedTemplate } from "./catalog-record.js";
import type { Tier } from "./classify.js";
import { callerReference, type InvalidationResult, invalidatePaths } from "./cloudfront.js";
import { type CatalogResult, writeCatalog } from "./dynamo-catalog.js";
import { clearPending, finalInventory, readInventory, resolvePending, writeInventory, writePending } from "./inventory.js";
import { readLocalObject, readLocalTree, readManifestTree, readVerifiedObject } from "./local-tree.js";
import { type LocalObject, PENDING_ETAG, type PublishPlan, planPublish } from "./plan.js";
import type { RetryOptions } from "./retry.js";
import { executePlan, listRemote, normalizePrefix, readState, type S3Target, type SyncProgress } from "./s3-sync.js";

export interface PublishOptions {
  /** The built tree (dist/). */
  dir: string;
  bucket: string;
  /** Folder in the bucket the tree is published under (default: the bucket root). */
  prefix?: string;
  /** S3 endpoint for local mode: path-style, and local dummy credentials unless AWS ones are set. */
  endpoint?: string;
  region?: string;
  /** CloudFront distribution to invalidate; without one, invalidation is skipped. */
  distributionId?: string;
  /** Plan only: read the tree and the bucket, change nothing. */
  dryRun?: boolean;
  /** Days an object missing from the tree stays in the bucket before it is deleted (default 7). */
  graceDays?: number;
  /** S3 requests in flight at once (default 8). */
  concurrency?: number;
  /** false skips the DynamoDB catalog; otherwise its endpoint and table prefix (default CWS_TABLE_PREFIX). */
  dynamodb?: false | { endpoint?: string; tablePrefix?: string };
  now?: Date;
  onProgress?: (progress: SyncProgress) => void;
  retry?: RetryOptions;
  /** Clients to use instead of creating them (tests; callers that already hold one). */
  clients?: { s3?: S3Client; cloudFront?: CloudFrontClient; dynamodb?: DynamoDBClient };
  /** Plan from a full listing of the bucket instead of the publish inventory (to reconcile a bucket changed by hand). */
  listBucket?: boolean;
  /** Test hook: stop before this upload tier, as a killed publish would. */
  failBeforeTier?: Tier;
}

export interface PublishResult {
  /** s3://bucket/prefix/ */
  target: string;
  dryRun: boolean;
  plan: PublishPlan;
  timings: PublishTimings;
  invalidation: InvalidationResult;
  catalog: CatalogResult | { status: "skipped"; reason: string };
}

/** Planning: from the start until the first upload could begin (the journal written). */
export interface PublishTimings {
  planMs: number;
  /** CPU time (user + system) of this process over the same span. */
  planCpuMs: number;
}

async function readLocal(dir: string): Promise<{ local: LocalObject[]; fromManifest: boolean }> {
  // A tree from npm run build carries its manifest: no file is read or hashed to plan.
  const fromManifest = await readManifestTree(dir);
  return fromManifest ? { local: fromManifest, fromManifest: true } : { local: await readLocalTree(dir), fromManifest: false };
}

/** Every template record of the tree, parsed (and, for a manifest tree, checked against it). */
async function readRecords(dir: string, local: readonly LocalObject[], verified = false): Promise<PublishedTemplate[]> {
  const records: PublishedTemplate[] = [];
  for (const object of local) {
    if (!METADATA_KEY.test(object.key)) continue;
    const body = verified ? await readVerifiedObject(dir, object) : await readLocalObject(dir, object.key);
    records.push(parsePublishedTemplate(body.toString("utf8"), object.key));
  }
  return records;
}

function checkNumbers(graceDays: number, concurrency: number): void {
  if (!Number.isFinite(graceDays) || graceDays < 0) throw new CwsError("USAGE", `grace days must be a number >= 0, not ${graceDays}`, "", EXIT.usage);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new CwsError("USAGE", `concurrency must be an integer from 1 to 64, not ${concurrency}`, "", EXIT.usage);
}

/**
 * Publishes a built tree: plan against the bucket, upload tier by tier, delete what outlived its
 * grace period, invalidate changed mutable paths, then write the DynamoDB catalog.
 */
export async function publishTree(options: PublishOptions): Promise<PublishResult> {
  const graceDays = options.graceDays ?? 7;
  const concurrency = options.concurrency ?? 8;
  checkNumbers(graceDays, concurrency);
  const now = options.now ?? new Date();
  const started = performance.now();
  const startedCpu = process.cpuUsage();

  const owned: { destroy(): void }[] = [];
  const own = <T extends { destroy(): void }>(client: T): T => {
    owned.push(client);
    return client;
  };
  try {
    const s3 = options.clients?.s3 ?? own(s3Client(endpointSettings(options.endpoint, options.region)));
    const target: S3Target = { client: s3, bucket: options.bucket, prefix: normalizePrefix(options.prefix) };
    // The tree and the bucket's records are read side by side; a tree that is not there wins.
    const [localRead, remoteRead] = await Promise.allSettled([
      readLocal(options.dir),
      Promise.all([options.listBucket ? undefined : readInventory(target, options.retry), readState(target, options.retry)]),
    ]);
    if (localRead.status === "rejected") throw localRead.reason;
    if (remoteRead.status === "rejected") throw remoteRead.reason;
    const { local, fromManifest } = localRead.value;
    const [inventory, state] = remoteRead.value;
    const byKey = new Map(local.map((object) => [object.key, object]));
    // Without a manifest, records are checked before anything is uploaded, so a bad one stops the
    // publish untouched. A manifest tree's records were checked by the build against the schema,
    // so they are read (verified against the manifest) only for DynamoDB, after the uploads.
    const records = fromManifest ? [] : await readRecords(options.dir, local);

    const resolved = inventory ? await resolvePending(target, inventory, options.retry, concurrency) : undefined;
    const remote = resolved ? resolved.objects : await listRemote(target, options.retry);
    const plan = planPublish({ local, remote, state, now, graceDays });
    const base = { target: `s3://${target.bucket}/${target.prefix}`, plan };
    const timings = (): PublishTimings => {
      const cpu = process.cpuUsage(startedCpu);
      return { planMs: performance.now() - started, planCpuMs: (cpu.user + cpu.system) / 1000 };
    };
    if (options.dryRun) {
      return {
        ...base,
        dryRun: true,
        timings: timings(),
        invalidation: { status: "skipped", reason: "dry run", paths: plan.invalidationPaths },
        catalog: { status: "skipped", reason: "dry run" },
      };
    }

    const journal = plan.uploads.length > 0 || (resolved?.carried.length ?? 0) > 0;
    if (journal) await writePending(target, plan, resolved?.carried ?? [], options.retry);
    const planned = timings();
    await executePlan(target, plan, {
      readBody: (key) => {
        const object = byKey.get(key);
        return fromManifest && object ? readVerifiedObject(options.dir, object) : readLocalObject(options.dir, key);
      },
      concurrency,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.failBeforeTier !== undefined ? { failBeforeTier: options.failBeforeTier } : {}),
    });
    // Pending entries (a journal's, or an older inventory's) are settled by this inventory.
    const hadPending = inventory?.some((object) => object.etag === PENDING_ETAG) ?? false;
    if (plan.uploads.length > 0 || plan.deletes.length > 0 || !inventory || journal || hadPending) {
      await writeInventory(target, finalInventory(local, remote, plan), options.retry);
    }
    if (journal || hadPending) await clearPending(target, options.retry);

    const cloudFront = options.distributionId ? (options.clients?.cloudFront ?? own(cloudFrontClient(endpointSettings(undefined, options.region)))) : undefined;
    const invalidation = cloudFront
      ? await invalidatePaths({
          client: cloudFront,
          distributionId: options.distributionId,
          paths: plan.invalidationPaths,
          callerReference: callerReference(now),
          ...(options.retry ? { retry: options.retry } : {}),
        })
      : ({ status: "skipped", reason: "no distribution id", paths: plan.invalidationPaths } as const);

    let catalog: PublishResult["catalog"] = { status: "skipped", reason: "disabled" };
    if (options.dynamodb !== false) {
      const settings = options.dynamodb ?? {};
      const client = options.clients?.dynamodb ?? own(dynamoClient(endpointSettings(settings.endpoint, options.region)));
      catalog = await writeCatalog({
        client,
        records: fromManifest ? await readRecords(options.dir, local, true) : records,
        ...(settings.tablePrefix !== undefined ? { tablePrefix: settings.tablePrefix } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
      });
    }
    return { ...base, dryRun: false, timings: planned, invalidation, catalog };
  } finally {
    for (const client of owned) client.destroy();
  }
}
