import { join } from "node:path";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { ROOT } from "../lib/child.js";
import { type ServerChild, startServerChild } from "../lib/server-child.js";

export interface PublishOutcome {
  ms: number;
  /** Until the first upload could start: the local tree (or its manifest), the bucket inventory, the plan, the journal. */
  planMs: number;
  /** CPU time of the publishing process over the same span (s3rver runs in its own process). */
  planCpuMs: number;
  uploads: number;
  bytes: number;
  keys: string[];
  deletes: number;
  kept: number;
  /** Whether the publisher's own state object was written too (not a tree object). */
  stateWritten: boolean;
}

/**
 * s3rver with one bucket, in a child process so the emulator and the publisher each get a core.
 * It is the `npm start` emulator (apps/local/emulators.ts), whose listing fix makes pages past
 * the first 1,000 objects work on Node 20 and come in S3's key order.
 */
export async function startS3Child(directory: string, bucket: string, nodeFlags: string[] = []): Promise<{ endpoint: string; close(): Promise<void> }> {
  const child: ServerChild<{ endpoint: string }> = await startServerChild(join(ROOT, "bench/sections/s3rver-child.ts"), [directory, bucket], nodeFlags);
  return { endpoint: child.info.endpoint, close: () => child.close() };
}

/**
 * One real publish (plan, tiered uploads, deletes, state) of `dir`; no CloudFront, no DynamoDB
 * catalog. `concurrency` defaults to npm run publish's 8.
 */
export async function publishOnce(endpoint: string, bucket: string, dir: string, concurrency = 8): Promise<PublishOutcome> {
  const started = performance.now();
  const result = await publishTree({ dir, bucket, endpoint, dynamodb: false, concurrency });
  const { totals, uploads } = result.plan;
  const ms = performance.now() - started;
  return {
    ms,
    planMs: result.timings.planMs,
    planCpuMs: result.timings.planCpuMs,
    uploads: totals.uploadCount,
    bytes: totals.uploadBytes,
    keys: uploads.map((u) => `${u.key} (${u.reason}, ${u.size} B)`),
    deletes: totals.deleteCount,
    kept: totals.keptCount,
    stateWritten: result.plan.writeState,
  };
}
