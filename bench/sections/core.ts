import { readFileSync } from "node:fs";
import { parseLocated } from "../../core/json/parse-located.js";
import { readSnapshot } from "../../core/registry/read-snapshot.js";
import type { RegistryEntry, RegistrySnapshot } from "../../core/registry/snapshot.js";
import { validateRegistry } from "../../core/validate/validate-registry.js";
import { relevanceHits, seededRanker } from "../../tests/search/relevance-set.js";
import { ROOT } from "../lib/child.js";
import type { BenchContext } from "../lib/context.js";
import { row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { median, summarize } from "../lib/stats.js";

/**
 * In-process microbenchmarks of the validator and the located JSON parser (formerly
 * scripts/bench.ts): the seeded registry cold and warm, synthetic registries of cloned seeded
 * templates, and the parser's cost per byte at doubling sizes, which must stay flat (linear).
 */
export async function coreSection(bench: BenchContext): Promise<Row[]> {
  const time = <T>(fn: () => T): [T, number] => {
    const start = performance.now();
    const result = fn();
    return [result, performance.now() - start];
  };
  const rows: Row[] = [];
  // Relevance is not a timing: hits in the top 3 of the seeded registry's relevance set.
  const relevance = relevanceHits(seededRanker().rank);
  rows.push(
    row("core", "core.search.relevance", "search relevance: expected templates in the top 3 (seeded registry)", undefined, "count", relevance.found, {
      note: `of ${relevance.expected}${relevance.missed.length ? `; missed ${relevance.missed.join("; ")}` : ""}`,
    }),
  );
  const seeded = await readSnapshot(`${ROOT}registry`, "registry");
  const seededCount = seeded.entries.filter((e) => e.path.endsWith("/template.json")).length;
  const [, cold] = time(() => validateRegistry(seeded));
  rows.push(row("core", "core.seeded.cold", `validate seeded registry in-process, cold (${seededCount} templates)`, undefined, "ms", cold));
  const warm = summarize(Array.from({ length: 15 }, () => time(() => validateRegistry(seeded))[1]));
  rows.push(row("core", "core.seeded.warm", "validate seeded registry in-process, warm (median of 15)", undefined, "ms", warm));

  for (const n of [1_000, 5_000]) {
    const snapshot = clones(seeded, n);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const [result, ms] = time(() => validateRegistry(snapshot));
    const heap = process.memoryUsage().heapUsed - before;
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    if (errors > 0) throw new Error(`core: the ${n} cloned templates have ${errors} validation errors`);
    rows.push(row("core", "core.synthetic.us_per_template", "validate cloned seeded templates in-process: per template", n, "us", (ms * 1000) / n));
    rows.push(
      row("core", "core.synthetic.heap", "validate cloned seeded templates in-process: heap growth", n, "bytes", heap, {
        note: global.gc ? undefined : "run with --expose-gc for a meaningful figure",
      }),
    );
  }

  // Linearity: the same document shape at doubling sizes should cost about double.
  const base = readFileSync(`${ROOT}tests/corpus/base/templates/example-workstation/template.json`, "utf8");
  const perByte: number[] = [];
  for (const k of [1, 2, 4, 8, 16]) {
    const text = JSON.stringify({ items: Array.from({ length: k * 400 }, () => JSON.parse(base)) }, null, 2);
    const ms = median(Array.from({ length: 5 }, () => time(() => parseLocated(text, "big.json"))[1]));
    perByte.push((ms * 1e6) / text.length);
    rows.push(row("core", "core.parse.ms", `parse ${(text.length / 1e6).toFixed(1)} MB of JSON (median of 5)`, undefined, "ms", ms));
  }
  const growth = (perByte.at(-1) ?? 0) / (perByte[1] ?? 1);
  rows.push(row("core", "core.parse.growth", "parse cost per byte, largest vs second-smallest", undefined, "ratio", growth, { note: "≤ 2× means linear" }));
  bench.log("core: done");
  return rows;
}

/**
 * The seeded registry plus clones of its templates under fresh ids sharing one owner, so the id
 * rules' candidate search runs at scale without reporting squatting.
 */
function clones(seeded: RegistrySnapshot, n: number): RegistrySnapshot {
  const templates = seeded.entries.filter((e) => e.path.endsWith("/template.json") && e.bytes);
  const entries: RegistryEntry[] = [...seeded.entries];
  for (let i = 0; i < n; i++) {
    const source = templates[i % templates.length] as RegistryEntry;
    const doc = JSON.parse(new TextDecoder().decode(source.bytes));
    const id = `bench-${i.toString(36).padStart(4, "0")}-${doc.template_id}`.slice(0, 64).replace(/-$/, "");
    doc.template_id = id;
    doc.owners = ["bench-lab"];
    doc.author = "bench-lab";
    delete doc.forked_from;
    if (doc.publication.maintenance?.replacement) delete doc.publication.maintenance.replacement;
    const bytes = new TextEncoder().encode(JSON.stringify(doc, null, 2));
    const readme = seeded.entries.find((e) => e.path === source.path.replace("template.json", "README.md"));
    entries.push({ path: `registry/templates/${id}`, kind: "directory", size: 0 });
    entries.push({ path: `registry/templates/${id}/template.json`, kind: "file", size: bytes.length, bytes });
    if (readme) entries.push({ ...readme, path: `registry/templates/${id}/README.md` });
  }
  return { root: "registry", entries };
}
