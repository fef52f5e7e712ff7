import { randomUUID } from "node:crypto";

/**
 * The clock, waits and ids `cws launch` uses, in one replaceable place, so tests that run the
 * whole command in-process (main([...])) can make polling instant and time deterministic.
 */
export interface LaunchRuntime {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  uuid: () => string;
  /** Between DescribeInstances polls. */
  pollIntervalMs: number;
  /** Give up waiting for "running" after this long (the instance may still come up). */
  maxWaitMs: number;
  /** Per usage-event POST; the whole flush is bounded by usageBudgetMs. */
  usageTimeoutMs: number;
  usageBudgetMs: number;
  /** At most this many queued events are sent per run; the rest wait for the next one. */
  usageMaxPerFlush: number;
}

const DEFAULTS: LaunchRuntime = {
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  now: () => Date.now(),
  uuid: () => randomUUID(),
  pollIntervalMs: 5_000,
  maxWaitMs: 10 * 60_000,
  usageTimeoutMs: 2_000,
  usageBudgetMs: 5_000,
  usageMaxPerFlush: 50,
};

export const runtime: LaunchRuntime = { ...DEFAULTS };

/** Replaces parts of the runtime; returns a function that puts the defaults back. */
export function setRuntime(patch: Partial<LaunchRuntime>): () => void {
  Object.assign(runtime, patch);
  return () => {
    Object.assign(runtime, DEFAULTS);
  };
}
