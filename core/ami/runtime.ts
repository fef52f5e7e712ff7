import { type RetryOptions, withRetry } from "../deploy/retry.js";
import { CwsError, EXIT } from "../errors.js";

/**
 * Time and retries, injectable so tests run hour-long waits in milliseconds: a test's sleep
 * advances its clock instead of waiting.
 */
export interface Runtime {
  now(): Date;
  sleep(ms: number): Promise<void>;
  retry: RetryOptions;
}

export function realRuntime(): Runtime {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  // More patience than publish: EC2's request limits are per account and shared with other jobs.
  return { now: () => new Date(), sleep, retry: { attempts: 6, baseDelayMs: 1000, sleep } };
}

/** An AWS call retried on throttling and transient errors with backoff. */
export function aws<T>(rt: Runtime, call: () => Promise<T>): Promise<T> {
  return withRetry(call, { ...rt.retry, sleep: rt.sleep });
}

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
}

/**
 * Calls `check` until it returns a value, sleeping between tries; fails with a clear error once
 * `timeoutMs` has passed on the runtime's clock.
 */
export async function pollUntil<T>(rt: Runtime, what: string, check: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = rt.now().getTime() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (rt.now().getTime() >= deadline) {
      throw new CwsError(
        "CWS-AMI-TIMEOUT",
        `${what} did not happen within ${Math.round(options.timeoutMs / 1000)} s`,
        "look at the builder in the EC2 console; a rerun resumes",
        EXIT.invalid,
      );
    }
    await rt.sleep(options.intervalMs);
  }
}

/** The error's AWS name, for matching eventual-consistency errors such as InvalidInstanceID.NotFound. */
export function errorName(error: unknown): string {
  const e = error as { name?: unknown; Code?: unknown } | null;
  return typeof e?.name === "string" ? e.name : typeof e?.Code === "string" ? e.Code : "";
}

/** One line saying what failed, for progress output and the summary. Never includes credentials. */
export function describeError(error: unknown): string {
  if (error instanceof CwsError) return error.message;
  const e = error as { $command?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  const status = typeof e?.$metadata?.httpStatusCode === "number" ? ` [HTTP ${e.$metadata.httpStatusCode}]` : "";
  const text = name && name !== "Error" && !message.startsWith(name) ? `${name}${status}: ${message}` : `${message}${status}`;
  return typeof e?.$command === "string" ? `${e.$command}: ${text}` : text;
}

/** Waits and timeouts of one build, overridable for slow regions or tests. */
export interface Timeouts {
  pollMs: number;
  instanceMs: number;
  ssmOnlineMs: number;
  imageMs: number;
  copyMs: number;
  /** Extra time allowed on top of a command's own timeout for delivery and reporting. */
  commandGraceMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  pollMs: 15_000,
  instanceMs: 15 * 60_000,
  ssmOnlineMs: 15 * 60_000,
  imageMs: 2 * 3600_000,
  copyMs: 4 * 3600_000,
  commandGraceMs: 5 * 60_000,
};
