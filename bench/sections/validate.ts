import { join } from "node:path";
import { ROOT, runNode } from "../lib/child.js";
import type { SizeContext } from "../lib/context.js";
import { repeat, row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";

/**
 * `npm run validate -- --registry <dir>` as a subprocess: `node scripts/validate.mjs`, what the
 * npm script runs, without npm's own start-up. The launcher rebuilds its bundle when the sources
 * changed; one untimed run first, so no timed run pays for that build. Its floor,
 * measured in the same run, is a plain node process that lists and reads the same files and
 * JSON.parses the JSON ones (bench/lib/read-parse-floor.mjs).
 */
export async function validateSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  const args = ["scripts/validate.mjs", "--registry", s.registry, "--no-color"];
  await runNode(["scripts/validate.mjs", "--help"], bench.child(`validate-warm-${size}`));
  const m = await repeat(bench, `validate ${size}`, () => runNode(args, bench.child(`validate-${size}`)));
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
