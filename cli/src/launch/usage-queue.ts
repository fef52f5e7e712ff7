import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiUrl as apiEndpoint } from "../../../core/spec/layout.js";
import type { UsageEvent } from "../../../core/types/generated.js";
import { authorize } from "../lib/api-auth.js";
import { configuredUser } from "../lib/config.js";
import { stateDir } from "../lib/paths.js";
import { runtime } from "./runtime.js";

/**
 * Usage events (launch, launch_succeeded, launch_failed) go to the marketplace API through an
 * on-disk queue: each event is written as its own file first (atomically), then sent with its
 * event_id as the Idempotency-Key. A file is removed only once the API counted the event (2xx)
 * or says it already had it (409), so an event is never lost, and a resend is never counted
 * twice. Sending is bounded in count and time, so a launch never waits long on it.
 */

/** Sent as `client`; there is no package version to read, so it is kept here. */
export const CLIENT = "cws/0.1.0";

export interface QueuedEvent {
  /** Where the event is reported: the API of the marketplace the template came from. */
  api_url: string;
  event: UsageEvent;
}

type Env = Readonly<Record<string, string | undefined>>;

export function queueDir(env: Env = process.env): string {
  return join(stateDir(env), "usage-queue");
}

export function usageUrl(apiUrl: string, templateId: string): string {
  return apiEndpoint(apiUrl, `/templates/${encodeURIComponent(templateId)}/usage`);
}

/** A new event with a fresh idempotency key. */
export function newEvent(fields: Omit<UsageEvent, "event_id" | "occurred_at" | "client">): UsageEvent {
  return { event_id: runtime.uuid(), ...fields, client: CLIENT, occurred_at: new Date(runtime.now()).toISOString() };
}

let sequence = 0;

/** Writes the event to the queue (temp file, then rename) and returns its path. */
export function enqueue(dir: string, apiUrl: string, event: UsageEvent): string {
  mkdirSync(dir, { recursive: true });
  // Time-ordered names (then a per-process sequence for the same millisecond), so events are
  // sent in the order they happened.
  const name = `${String(runtime.now()).padStart(15, "0")}-${String(sequence++).padStart(6, "0")}-${event.event_id}.json`;
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const queued: QueuedEvent = { api_url: apiUrl, event };
  writeFileSync(tmp, `${JSON.stringify(queued)}\n`);
  renameSync(tmp, join(dir, name));
  return join(dir, name);
}

export function pending(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith(".json") && !n.startsWith("."))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

export interface FlushResult {
  sent: number;
  /** Still queued: the API was unreachable, not deployed yet, or failing. */
  kept: number;
  /** Refused by the API as malformed; moved to rejected/ so they are not resent forever. */
  rejected: number;
}

/** Statuses that mean "not now": the API is missing (not deployed yet), busy, failing or wants other credentials. */
const RETRY_LATER = new Set([401, 403, 404, 405, 408, 425, 429, 501]);

/**
 * Sends queued events, oldest first, within the runtime's count and time bounds. Never throws.
 * `down` collects APIs that failed; pass the same set to a later flush in the same run to skip them.
 */
export async function flushQueue(dir: string, down = new Set<string>()): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, kept: 0, rejected: 0 };
  const deadline = runtime.now() + runtime.usageBudgetMs;
  const files = pending(dir);
  for (const [i, file] of files.entries()) {
    if (i >= runtime.usageMaxPerFlush || runtime.now() >= deadline) {
      result.kept += files.length - i;
      break;
    }
    let queued: QueuedEvent;
    try {
      queued = JSON.parse(readFileSync(file, "utf8")) as QueuedEvent;
      if (typeof queued.api_url !== "string" || typeof queued.event?.event_id !== "string" || !/^https?:\/\//.test(queued.api_url))
        throw new Error("not a queued event");
    } catch (error) {
      // A file another process already sent and removed is fine; anything else is set aside.
      if ((error as { code?: string }).code === "ENOENT") continue;
      reject(dir, file);
      result.rejected++;
      continue;
    }
    if (down.has(queued.api_url)) {
      result.kept++;
      continue;
    }
    const outcome = await send(queued, Math.max(1, Math.min(runtime.usageTimeoutMs, deadline - runtime.now())));
    if (outcome === "done") {
      rmSync(file, { force: true });
      result.sent++;
    } else if (outcome === "rejected") {
      reject(dir, file);
      result.rejected++;
    } else {
      // Once an API fails, the rest of its events wait too: one timeout per run, not one per event.
      down.add(queued.api_url);
      result.kept++;
    }
  }
  return result;
}

async function send(queued: QueuedEvent, timeoutMs: number): Promise<"done" | "later" | "rejected"> {
  try {
    const url = usageUrl(queued.api_url, queued.event.template_id);
    const body = JSON.stringify(queued.event);
    const plain = { "content-type": "application/json", "idempotency-key": queued.event.event_id, "user-agent": CLIENT };
    // X-CWS-User to a local API (npm start), SigV4 to a deployed one (api-auth.ts).
    const headers = await authorize({ method: "POST", url, headers: plain, body }, { user: configuredUser() });
    const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => {});
    if ((response.status >= 200 && response.status < 300) || response.status === 409) return "done";
    if (RETRY_LATER.has(response.status) || response.status >= 500) return "later";
    return "rejected";
  } catch {
    // Unreachable, or no AWS credentials to sign with: the event waits for a later run.
    return "later";
  }
}

function reject(dir: string, file: string): void {
  try {
    mkdirSync(join(dir, "rejected"), { recursive: true });
    renameSync(file, join(dir, "rejected", file.slice(dir.length + 1)));
  } catch {
    // Leave it; the next flush tries again.
  }
}
