import type { PublishResult } from "./publish-tree.js";
import type { SyncProgress } from "./s3-sync.js";

/** Human-readable output of publish. Pure: returns text, the script prints it. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatPlan(result: PublishResult): string {
  const { plan } = result;
  const lines = [`plan for ${result.target}${result.dryRun ? " (dry run: nothing is changed)" : ""}`];
  for (const u of plan.uploads) lines.push(`  upload  ${u.reason.padEnd(8)} ${formatBytes(u.size).padStart(10)}  ${u.key}`);
  for (const d of plan.deletes) lines.push(`  delete  stale since ${d.staleSince}  ${d.key}`);
  for (const k of plan.kept) lines.push(`  keep    stale since ${k.staleSince}, deleted after ${k.deleteAfter}  ${k.key}`);
  for (const path of plan.invalidationPaths) lines.push(`  invalidate  ${path}`);
  const t = plan.totals;
  lines.push(
    `totals: ${t.uploadCount} to upload (${formatBytes(t.uploadBytes)}), ${t.unchangedCount} unchanged (${formatBytes(t.unchangedBytes)}), ` +
      `${t.deleteCount} to delete (${formatBytes(t.deleteBytes)}), ${t.keptCount} stale kept, ${plan.invalidationPaths.length} invalidation path${plan.invalidationPaths.length === 1 ? "" : "s"}`,
  );
  return lines.join("\n");
}

export function formatSummary(result: PublishResult): string {
  const t = result.plan.totals;
  const invalidation =
    result.invalidation.status === "created" ? `invalidation ${result.invalidation.id}` : `invalidation skipped (${result.invalidation.reason})`;
  const catalog =
    "status" in result.catalog
      ? `catalog skipped (${result.catalog.reason})`
      : `catalog: ${result.catalog.written.length} written, ${result.catalog.unchanged.length} unchanged`;
  return (
    `published ${result.target}: uploaded ${t.uploadCount} object${t.uploadCount === 1 ? "" : "s"} / ${(t.uploadBytes / 1024).toFixed(1)} KiB, ` +
    `skipped ${t.unchangedCount} unchanged, deleted ${t.deleteCount}${t.keptCount > 0 ? ` (${t.keptCount} stale kept)` : ""}; ${invalidation}; ${catalog}`
  );
}

/**
 * A progress callback that writes a line at most every `everyObjects` objects or `everyMs`
 * milliseconds, so short publishes stay quiet and long ones still show they are moving.
 */
export function progressReporter(write: (line: string) => void, options: { everyObjects?: number; everyMs?: number; clock?: () => number } = {}) {
  const everyObjects = options.everyObjects ?? 50;
  const everyMs = options.everyMs ?? 2000;
  const clock = options.clock ?? Date.now;
  let lastCount = 0;
  let lastTime = clock();
  let lastPhase: SyncProgress["phase"] = "upload";
  return (p: SyncProgress): void => {
    if (p.phase !== lastPhase) {
      lastPhase = p.phase;
      lastCount = 0;
    }
    const now = clock();
    if (p.done - lastCount < everyObjects && now - lastTime < everyMs) return;
    lastCount = p.done;
    lastTime = now;
    write(`${p.phase === "upload" ? "uploading" : "deleting"}: ${p.done}/${p.total} objects, ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}`);
  };
}
