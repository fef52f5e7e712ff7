import { type ChildRun, failure } from "./child.js";
import type { BenchContext } from "./context.js";
import type { Section } from "./options.js";
import { formatValue, type Row, type Unit } from "./row.js";
import { type Summary, summarize } from "./stats.js";
import { targetFor } from "./targets.js";

export interface Repeated {
  runs: ChildRun[];
  /** Wall times of the completed runs; undefined when the first run timed out. */
  time?: Summary;
  /** Peak RSS (bytes) of the completed runs, when the preload reported it. */
  rss?: Summary;
  note?: string;
}

/**
 * Runs a measured child --runs times and summarises wall time and peak RSS. A case whose first
 * run exceeds --slow is measured once (so a quadratic case at a large size costs one run, not
 * five), and a run killed by --timeout ends the case without a value. Any other failure is a
 * harness failure: the corpus is meant to pass, so a failing child means a bug to look at.
 */
export async function repeat(bench: BenchContext, what: string, run: () => Promise<ChildRun>, runs = bench.options.runs): Promise<Repeated> {
  const done: ChildRun[] = [];
  let note: string | undefined;
  for (let i = 0; i < runs; i++) {
    const result = await run();
    bench.log(`${what}: run ${i + 1}/${runs} ${result.timedOut ? "timed out" : `${result.ms.toFixed(0)} ms`}`);
    if (result.timedOut) {
      note = `timed out after ${(result.timeoutMs / 1000).toFixed(0)} s${done.length ? ` (run ${i + 1})` : ""}`;
      break;
    }
    if (result.code !== 0) throw failure(what, result);
    done.push(result);
    if (i === 0 && runs > 1 && result.ms > bench.options.slowMs) {
      note = `1 run (first run > --slow ${(bench.options.slowMs / 1000).toFixed(0)} s)`;
      break;
    }
  }
  const rss = done.map((r) => r.peakRss).filter((x): x is number => x !== undefined);
  return {
    runs: done,
    ...(done.length ? { time: summarize(done.map((r) => r.ms)) } : {}),
    ...(rss.length ? { rss: summarize(rss) } : {}),
    ...(note ? { note } : {}),
  };
}

/** A row for a measured value, with its target looked up by id and size. */
export function row(
  section: Section,
  id: string,
  label: string,
  size: number | undefined,
  unit: Unit,
  value: number | Summary | undefined,
  extra: { note?: string | undefined; detail?: Record<string, unknown> } = {},
): Row {
  const summary = typeof value === "object" ? value : undefined;
  const target = targetFor(id, size);
  const v = summary ? summary.median : value;
  // A wide spread says the median alone misleads (file-system heavy cases drift run to run).
  const spread =
    summary && summary.runs > 1 && summary.max > 1.5 * summary.min
      ? `runs ranged ${formatValue(summary.min, unit)}–${formatValue(summary.max, unit)}`
      : undefined;
  const note = [extra.note, spread].filter(Boolean).join("; ");
  return {
    section,
    id,
    label,
    ...(size !== undefined ? { size } : {}),
    unit,
    ...(typeof v === "number" ? { value: v } : {}),
    ...(summary ? { summary } : {}),
    ...(target ? { target } : {}),
    ...(note ? { note } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  };
}
