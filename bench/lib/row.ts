import type { Section } from "./options.js";
import type { Summary } from "./stats.js";

export type Unit = "ms" | "us" | "bytes" | "count" | "ratio" | "per-second";

/** A goal for one case at one size: value `op` limit. Goals are reported, never asserted. */
export interface Target {
  op: "<=" | ">=";
  limit: number;
  unit: Unit;
}

/** One line of the results table (and one entry of the JSON report). */
export interface Row {
  section: Section;
  /** Stable key such as "search.warm.ms"; targets and JSON consumers match on it. */
  id: string;
  /** What the table prints, such as "search, warm (index cached)". */
  label: string;
  /** Registry size in templates; absent for size-independent cases. */
  size?: number;
  unit: Unit;
  /** The median for timings, the single value otherwise; absent when not measured. */
  value?: number;
  summary?: Summary;
  target?: Target;
  /** Why a value is missing or how it was taken: "skipped (size > --site-max)", "1 run (slow)". */
  note?: string;
  /** Anything else worth keeping in JSON: file counts, peak RSS of each run, uploaded keys. */
  detail?: Record<string, unknown>;
}

export function met(row: Row): boolean | undefined {
  if (!row.target || row.value === undefined) return undefined;
  return row.target.op === "<=" ? row.value <= row.target.limit : row.value >= row.target.limit;
}

const MB = 1_000_000;

/** Human units: 850 ms / 2.41 s, 1.35 MB, 0.42×, 1,234/s. Sizes use decimal MB (10^6 bytes), as the targets do. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "ms":
      return value < 1000 ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : `${(value / 1000).toFixed(2)} s`;
    case "us":
      return `${value.toFixed(0)} µs`;
    case "bytes":
      if (value >= MB) return `${(value / MB).toFixed(value >= 100 * MB ? 0 : value >= 10 * MB ? 1 : 2)} MB`;
      return value >= 1000 ? `${(value / 1000).toFixed(1)} kB` : `${value} B`;
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "ratio":
      return `${value.toFixed(2)}×`;
    case "per-second":
      return `${value.toLocaleString("en-US", { maximumFractionDigits: value < 100 ? 1 : 0 })}/s`;
  }
}

export function formatTarget(target: Target): string {
  return `${target.op === "<=" ? "≤" : "≥"} ${formatValue(target.limit, target.unit)}`;
}
