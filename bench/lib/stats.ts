/** Summary of repeated measurements: the median is what the table shows, min/max go to JSON. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
  samples: number[];
}

/** Median of a non-empty list; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The p-th percentile (0-100) by nearest rank: the smallest value with at least p% of the
 * values at or below it. p99 of 2,000 latencies is the 1,980th smallest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0-100, not ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
    samples: [...samples],
  };
}
