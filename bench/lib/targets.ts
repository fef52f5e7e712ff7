import { RELEVANCE } from "../../tests/search/relevance-set.js";
import type { Target } from "./row.js";

const MB = 1_000_000;

/**
 * The goals, by case id and registry size (0 for cases that have no size). A case has a target
 * only at the sizes the issue names; elsewhere the table shows "—". The core section keeps the
 * targets scripts/bench.ts had. Keep this the one place targets are written down.
 */
const TARGETS: Record<string, Record<number, Target>> = {
  "core.seeded.cold": { 0: { op: "<=", limit: 1500, unit: "ms" } },
  "core.seeded.warm": { 0: { op: "<=", limit: 150, unit: "ms" } },
  "core.synthetic.us_per_template": { 1000: { op: "<=", limit: 1000, unit: "us" }, 5000: { op: "<=", limit: 1000, unit: "us" } },
  "core.synthetic.heap": { 1000: { op: "<=", limit: 400 * MB, unit: "bytes" }, 5000: { op: "<=", limit: 400 * MB, unit: "bytes" } },
  "core.parse.growth": { 0: { op: "<=", limit: 2, unit: "ratio" } },
  "core.search.relevance": { 0: { op: ">=", limit: RELEVANCE.reduce((n, r) => n + r.top3.length, 0), unit: "count" } },
  "validate.ms": { 10000: { op: "<=", limit: 1000, unit: "ms" }, 50000: { op: "<=", limit: 5000, unit: "ms" } },
  "build.ms": { 10000: { op: "<=", limit: 5000, unit: "ms" }, 50000: { op: "<=", limit: 25000, unit: "ms" } },
  "build.change.ms": { 10000: { op: "<=", limit: 5000, unit: "ms" }, 50000: { op: "<=", limit: 25000, unit: "ms" } },
  "index.search.brotli": { 10000: { op: "<=", limit: 1.5 * MB, unit: "bytes" } },
  "search.warm.ms": { 10000: { op: "<=", limit: 250, unit: "ms" }, 50000: { op: "<=", limit: 1000, unit: "ms" } },
  "search.warm_vs_naive": { 10000: { op: "<=", limit: 0.5, unit: "ratio" } },
  "search.warm_vs_floor": { 1000: { op: "<=", limit: 2.5, unit: "ratio" } },
  "search.warm.rss": { 50000: { op: "<=", limit: 300 * MB, unit: "bytes" } },
  "site.pages_per_s": { 10000: { op: ">=", limit: 400, unit: "per-second" } },
  "publish.change.objects": { 10000: { op: "<=", limit: 10, unit: "count" } },
  "publish.change.plan_ms": { 10000: { op: "<=", limit: 1000, unit: "ms" } },
};

export function targetFor(id: string, size: number | undefined): Target | undefined {
  return TARGETS[id]?.[size ?? 0];
}
