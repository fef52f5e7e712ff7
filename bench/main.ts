// npm run bench: speed, size and memory of the marketplace at registry scale, printed as a table
// against the targets. Timings live here, never in unit tests, because a shared 2-core machine
// is noisy; targets are goals, so missing one does not fail the run (exit 1 = the harness broke).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generateCorpus, writeCorpus } from "./corpus/generate.js";
import { ensureCliBundle } from "./lib/cli-bundle.js";
import { BenchContext, type SizeContext } from "./lib/context.js";
import { parseOptions, type Section, USAGE } from "./lib/options.js";
import { type CorpusInfo, describeMachine, machineInfo, writeJsonReport } from "./lib/report.js";
import type { Row } from "./lib/row.js";
import { formatMarkdown, formatTable } from "./lib/table.js";
import { apiSection } from "./sections/api.js";
import { buildSection } from "./sections/build.js";
import { coreSection } from "./sections/core.js";
import { publishSection } from "./sections/publish.js";
import { searchSection } from "./sections/search.js";
import { siteSection } from "./sections/site.js";
import { validateSection } from "./sections/validate.js";

/** Per-size sections in order: each may use what the earlier ones left (the built tree); publish changes the tree, so it is last. */
const PER_SIZE: [Section, (s: SizeContext) => Promise<Row[]>][] = [
  ["validate", validateSection],
  ["build", buildSection],
  ["search", searchSection],
  ["site", siteSection],
  ["publish", publishSection],
];

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const machine = machineInfo();
  const tmp = mkdtempSync(join(tmpdir(), "cws-bench-"));
  const bench = new BenchContext(options, tmp, Math.floor(Date.now() / 1000));
  // Ctrl-C: measured children get the signal too; the server children stop when their stdin closes.
  process.once("SIGINT", () => {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
  const rows: Row[] = [];
  const corpora: CorpusInfo[] = [];
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  progress(`bench: ${describeMachine(machine)}; sizes ${options.sizes.join(", ")}; ${options.runs} runs; temp ${tmp}`);
  let failed: unknown;
  try {
    if (options.only.has("search")) await ensureCliBundle(progress, join(tmp, "rss-cli.txt"));
    if (options.only.has("core")) rows.push(...(await coreSection(bench)));
    for (const size of options.sizes) {
      if (!PER_SIZE.some(([name]) => options.only.has(name))) break;
      const t0 = performance.now();
      const corpus = generateCorpus(size, options.seed);
      const registry = join(bench.dir(`size-${size}`), "registry");
      writeCorpus(corpus, registry);
      const generateMs = performance.now() - t0;
      corpora.push({ size, seed: options.seed, commonTerm: corpus.commonTerm, generateMs, topTerms: corpus.termCounts.slice(0, 20) });
      progress(`bench: ${size} templates generated in ${(generateMs / 1000).toFixed(1)} s; search term "${corpus.commonTerm}"`);
      const s: SizeContext = { bench, size, corpus, registry, rows: new Map() };
      for (const [name, run] of PER_SIZE) {
        if (!options.only.has(name)) continue;
        progress(`bench: ${name} at ${size}…`);
        for (const r of await run(s)) {
          rows.push(r);
          s.rows.set(r.id, r);
        }
      }
    }
    if (options.only.has("api")) {
      progress("bench: api…");
      rows.push(...(await apiSection(bench)));
    }
  } catch (error) {
    // Print what was measured before the failure, then fail.
    failed = error;
  } finally {
    if (options.keep) progress(`bench: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  const durationMs = performance.now() - started;
  const end = loadavg()
    .map((x) => x.toFixed(2))
    .join("/");
  process.stdout.write(`\n${formatTable(rows)}\n\n${describeMachine(machine)}; load at end ${end}; ${(durationMs / 60000).toFixed(1)} min\n`);
  if (options.json) {
    const loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    writeJsonReport(options.json, { machine, options: { ...options, only: [...options.only] }, durationMs, loadAverageAtEnd, corpora, rows });
    process.stdout.write(`wrote ${options.json}\n`);
  }
  if (options.markdown) {
    writeFileSync(options.markdown, `${formatMarkdown(rows)}\n\n${describeMachine(machine)}; ${(durationMs / 60000).toFixed(1)} min\n`);
    process.stdout.write(`wrote ${options.markdown}\n`);
  }
  if (failed) throw failed;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
