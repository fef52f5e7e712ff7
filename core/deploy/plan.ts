import { CwsError, EXIT } from "../errors.js";
import { CLASSIFY_RULES_VERSION, classifyKey, isMutableTier, isPermanent, type ObjectClass, TIERS } from "./classify.js";
import { invalidationPaths } from "./invalidation-paths.js";
import { type PublishState, RESERVED_PREFIX, stateChanged } from "./state.js";

/** A file of the local tree; key is relative to the tree with `/` separators. */
export interface LocalObject {
  key: string;
  size: number;
  /** MD5 of the content, lowercase hex. */
  md5: string;
  /** sha256 of the content, when the build manifest says it. */
  sha256?: string;
}

/** The ETag the publish inventory records for an object that may or may not have been uploaded. */
export const PENDING_ETAG = "0".repeat(32);

/** An object in the bucket; key is relative to the prefix. */
export interface RemoteObject {
  key: string;
  size: number;
  /** As S3 lists it, quotes included. Single-part PUT ETags are the content MD5. */
  etag: string;
}

/** new: not in the bucket; changed: content differs; headers: same content, headers from older rules. */
export type UploadReason = "new" | "changed" | "headers";

export interface PlannedUpload extends ObjectClass {
  key: string;
  size: number;
  md5: string;
  reason: UploadReason;
}

export interface PlannedDelete {
  key: string;
  size: number;
  staleSince: string;
}

/** A stale object kept because its grace period has not passed yet. */
export interface KeptStale extends PlannedDelete {
  deleteAfter: string;
}

export interface PublishPlan {
  /** Ordered by tier, then key: executing them in order never exposes a half-published tree. */
  uploads: PlannedUpload[];
  deletes: PlannedDelete[];
  kept: KeptStale[];
  /** Keys missing from the tree that are never deleted (old root versions). */
  retained: string[];
  invalidationPaths: string[];
  totals: {
    uploadCount: number;
    uploadBytes: number;
    unchangedCount: number;
    unchangedBytes: number;
    deleteCount: number;
    deleteBytes: number;
    keptCount: number;
  };
  nextState: PublishState;
  /** False when nextState equals the stored state, so there is nothing to write. */
  writeState: boolean;
}

export interface PlanInput {
  local: readonly LocalObject[];
  remote: readonly RemoteObject[];
  state: PublishState | undefined;
  now: Date;
  graceDays: number;
}

const DAY_MS = 86_400_000;

/** S3 quotes ETags; a multipart ETag (`md5-N`) never equals a content MD5, so it counts as changed. */
export function etagMd5(etag: string): string {
  return etag.replace(/^W\//, "").replace(/"/g, "").toLowerCase();
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function planPublish({ local, remote, state, now, graceDays }: PlanInput): PublishPlan {
  const remoteByKey = new Map<string, RemoteObject>();
  for (const object of remote) if (!object.key.startsWith(RESERVED_PREFIX)) remoteByKey.set(object.key, object);
  // Without a state, or with one from older rules, the headers in the bucket are unknown or outdated.
  const headersCurrent = state?.rules === CLASSIFY_RULES_VERSION;

  const uploads: PlannedUpload[] = [];
  let unchangedCount = 0;
  let unchangedBytes = 0;
  const localKeys = new Set<string>();
  for (const object of local) {
    localKeys.add(object.key);
    const existing = remoteByKey.get(object.key);
    const reason: UploadReason | undefined =
      !existing || existing.etag === PENDING_ETAG
        ? "new"
        : etagMd5(existing.etag) !== object.md5.toLowerCase()
          ? "changed"
          : headersCurrent
            ? undefined
            : "headers";
    if (reason === "changed" && classifyKey(object.key).tier < TIERS.mutable) {
      // Immutable objects are cached for a year; new bytes under an old name would never reach
      // readers and would break TUF's hash checks. Only a reused metadata version can cause it.
      throw new CwsError(
        "PUBLISH_IMMUTABLE_CHANGED",
        `${object.key} is already published with different content`,
        "versioned and hash-named files never change: rebuild so the metadata gets a new version (do not reuse SOURCE_DATE_EPOCH for different content)",
        EXIT.invalid,
      );
    }
    if (reason === undefined) {
      unchangedCount++;
      unchangedBytes += object.size;
    } else {
      uploads.push({ key: object.key, size: object.size, md5: object.md5, reason, ...classifyKey(object.key) });
    }
  }
  uploads.sort((a, b) => a.tier - b.tier || byKey(a, b));

  const nowIso = now.toISOString();
  const graceMs = graceDays * DAY_MS;
  const deletes: PlannedDelete[] = [];
  const kept: KeptStale[] = [];
  const retained: string[] = [];
  const stale: PublishState["stale"] = {};
  // Entries for keys that are back locally or already gone from the bucket are simply not carried over.
  for (const object of remoteByKey.values()) {
    if (localKeys.has(object.key)) continue;
    if (isPermanent(object.key)) {
      retained.push(object.key);
      continue;
    }
    const staleSince = state?.stale[object.key]?.stale_since ?? nowIso;
    const since = Date.parse(staleSince);
    if (now.getTime() - since >= graceMs) {
      deletes.push({ key: object.key, size: object.size, staleSince });
    } else {
      stale[object.key] = { stale_since: staleSince };
      kept.push({ key: object.key, size: object.size, staleSince, deleteAfter: new Date(since + graceMs).toISOString() });
    }
  }
  deletes.sort(byKey);
  kept.sort(byKey);
  retained.sort();

  const nextState: PublishState = { format: 1, rules: CLASSIFY_RULES_VERSION, updated_at: nowIso, stale };
  const sum = (list: readonly { size: number }[]) => list.reduce((total, item) => total + item.size, 0);
  return {
    uploads,
    deletes,
    kept,
    retained,
    invalidationPaths: invalidationPaths(uploads.filter((u) => isMutableTier(u.tier)).map((u) => u.key)),
    totals: {
      uploadCount: uploads.length,
      uploadBytes: sum(uploads),
      unchangedCount,
      unchangedBytes,
      deleteCount: deletes.length,
      deleteBytes: sum(deletes),
      keptCount: kept.length,
    },
    nextState,
    writeState: stateChanged(state, nextState),
  };
}
