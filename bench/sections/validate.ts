import { join } from "node:path";
import { ROOT, runNode } from "../lib/child.js";
import type { SizeContext } from "../lib/context.js";
import { repeat, row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";

/**
 * `npm run validate -- --registry <dir>` as a subprocess. npm's `tsx scripts/validate.ts` starts
 * a second node process to load tsx; `node --import tsx` runs the same script in one process,
 * so the time and peak RSS belong to the validator rather than to npm and a wrapper. Its floor,
 * measured in the same run, is a plain node process that lists and reads the same files and
 * JSON.parses the JSON ones (bench/lib/read-parse-floor.mjs).
 */
export async function validateSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  const m = await repeat(bench, `validate ${size}`, () =>
    runNode(["--import", "tsx", "scripts/validate.ts", "--registry", s.registry, "--no-color"], bench.child(`validate-${size}`)),
  );
  const floor = await repeat(bench, `validate floor ${size}`, () =>
    runNode([join(ROOT, "bench/lib/read-parse-floor.mjs"), s.registry], bench.child(`validate-floor-${size}`)),
  );
  const ratio = m.time && floor.time ? m.time.median / floor.time.median : undefined;
  const perTemplate = m.time ? (m.time.median * 1000) / size : undefined;
  return [
    row("validate", "validate.ms", "validate (npm run validate)", size, "ms", m.time, { note: m.note }),
    row("validate", "validate.floor.ms", "validate floor (read + JSON.parse, plain node)", size, "ms", floor.time, { note: floor.note }),
    row("validate", "validate_vs_floor", "validate / its floor", size, "ratio", ratio),
    row("validate", "validate.floor.rss", "validate floor: peak RSS", size, "bytes", floor.rss),
    row("validate", "validate.us_per_template", "validate: per template", size, "us", perTemplate),
    row("validate", "validate.rss", "validate: peak RSS", size, "bytes", m.rss),
  ];
}
