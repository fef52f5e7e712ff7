import type { UsageEventName } from "./stats.js";

/**
 * Counting limits: how many events of each kind one user's events count towards a template's
 * stats per UTC day. The rest are stored (the event log stays complete) but counted nowhere, so
 * one caller cannot inflate downloads, launches or trending by repeating requests. Generous for
 * real use: a workshop relaunching a template all day is one user at a time.
 */
export const COUNT_LIMITS: Readonly<Record<UsageEventName, number>> = {
  download: 5,
  launch: 10,
  launch_succeeded: 10,
  launch_failed: 10,
  fork: 3,
};

/**
 * How old the evidence behind verified_usage must be: a launch_succeeded (from a launch whose
 * launch event was recorded first) recorded at least this long before the review is judged.
 */
export const VERIFICATION_DELAY_MS = 3_600_000;
