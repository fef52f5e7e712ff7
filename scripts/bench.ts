// npm run bench: speed and memory of the registry core, printed as a table. Targets are
// checked here, never in unit tests, because timings on a shared 2-core machine are noisy.
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
import lunr from "lunr";
import { buildTree } from "../core/build/build-tree.js";
import type { BuildInput } from "../core/build/inputs.js";
import { parseLocated } from "../core/json/parse-located.js";
import { readSnapshot } from "../core/registry/read-snapshot.js";
import type { RegistryEntry, RegistrySnapshot } from "../core/registry/snapshot.js";
import type { Categories, Featured, Template } from "../core/types/generated.js";
import { validateRegistry } from "../core/validate/validate-registry.js";

interface Row {
  case: string;
  value: string;
  target: string;
  ok: boolean;
}
const rows: Row[] = [];
const record = (name: string, value: string, target: string, ok: boolean) => rows.push({ case: name, value, target, ok });

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function seededInputFrom(templates: Template[]): BuildInput {
  const registry = new URL("../registry/", import.meta.url);
  return {
    templates,
    docs: new Map(templates.map((t) => [t.template_id, "# Docs\n"])),
    screenshots: new Map(),
    history: new Map(),
    stats: new Map(),
    reviews: new Map(),
    amiState: { version: 1, templates: {} },
    categories: JSON.parse(readFileSync(new URL("categories.json", registry), "utf8")) as Categories,
    featured: JSON.parse(readFileSync(new URL("featured.json", registry), "utf8")) as Featured,
    generatedAt: "2026-11-01T00:00:00Z",
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const seeded = await readSnapshot(new URL("../registry", import.meta.url).pathname, "registry");
const seededCount = new Set(seeded.entries.filter((e) => e.path.endsWith("/template.json")).map((e) => e.path)).size;

const [, cold] = time(() => validateRegistry(seeded));
record(`validate seeded registry, cold (${seededCount} templates, schema compile included)`, `${cold.toFixed(0)} ms`, "< 1500 ms", cold < 1500);
const warm = median(Array.from({ length: 15 }, () => time(() => validateRegistry(seeded))[1]));
record("validate seeded registry, warm (median of 15)", `${warm.toFixed(1)} ms`, "< 150 ms", warm < 150);

// A synthetic registry: the seeded one plus clones of its templates under fresh ids sharing an
// owner, so the id rules' candidate search runs at scale without reporting squatting.
function synthetic(n: number): RegistrySnapshot {
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

for (const n of [1_000, 5_000]) {
  const snapshot = synthetic(n);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const [result, ms] = time(() => validateRegistry(snapshot));
  const heap = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const perDoc = (ms * 1000) / n;
  record(
    `validate ${n} templates (${errors} errors)`,
    `${ms.toFixed(0)} ms, ${perDoc.toFixed(0)} µs/template`,
    "< 1000 µs/template",
    perDoc < 1000 && errors === 0,
  );
  record(`heap growth validating ${n} templates`, `${heap.toFixed(0)} MiB`, "< 400 MiB", heap < 400);
}

// The build at catalog scale: 10,000 templates, without git, stats or signing.
{
  const snapshot = synthetic(10_000);
  const templates = snapshot.entries
    .filter((e) => e.path.endsWith("/template.json") && e.bytes)
    .map((e) => JSON.parse(new TextDecoder().decode(e.bytes)) as Template);
  const input = seededInputFrom(templates);
  global.gc?.();
  const [tree, ms] = time(() => buildTree(input));
  const size = (path: string) => tree.files.get(path)?.length ?? 0;
  const index = tree.files.get("indexes/search-index.json") ?? new Uint8Array();
  const gz = gzipSync(index).length;
  const br = brotliCompressSync(index, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  record(`build tree for ${tree.templates} templates (${tree.files.size} files)`, `${(ms / 1000).toFixed(1)} s`, "< 30 s", ms < 30_000);
  record("search index size: raw / gzip / brotli-11", `${mib(index.length)} / ${mib(gz)} / ${mib(br)}`, "brotli < 3 MiB", br < 3 * 1024 * 1024);
  record("catalog.json size", mib(size("indexes/catalog.json")), "< 12 MiB", size("indexes/catalog.json") < 12 * 1024 * 1024);
  const [loaded, loadMs] = time(() => lunr.Index.load((JSON.parse(new TextDecoder().decode(index)) as { index: object }).index));
  const [, queryMs] = time(() => loaded.search("genomics~1 pipeline*"));
  record("one-shot search: parse + load index, then query", `${loadMs.toFixed(0)} ms + ${queryMs.toFixed(0)} ms`, "< 1500 ms", loadMs + queryMs < 1500);
}

// Linearity: the same document shape at doubling sizes should cost about double.
const base = readFileSync(new URL("../tests/corpus/base/templates/example-workstation/template.json", import.meta.url), "utf8");
const sizes = [1, 2, 4, 8, 16];
const perByte: number[] = [];
for (const k of sizes) {
  const items = Array.from({ length: k * 400 }, () => JSON.parse(base));
  const text = JSON.stringify({ items }, null, 2);
  const ms = median(Array.from({ length: 5 }, () => time(() => parseLocated(text, "big.json"))[1]));
  perByte.push((ms * 1e6) / text.length);
  record(
    `parse ${(text.length / 1024 / 1024).toFixed(1)} MiB of JSON`,
    `${ms.toFixed(0)} ms (${((ms * 1e6) / text.length).toFixed(1)} ns/byte)`,
    "linear",
    true,
  );
}
const growth = (perByte.at(-1) ?? 0) / (perByte[1] ?? 1);
record("cost per byte, largest vs second-smallest", `${growth.toFixed(2)}×`, "< 2× (linear)", growth < 2);

const width = Math.max(...rows.map((r) => r.case.length));
const valueWidth = Math.max(...rows.map((r) => r.value.length));
console.log(`${"case".padEnd(width)}  ${"measured".padEnd(valueWidth)}  target`);
console.log(`${"-".repeat(width)}  ${"-".repeat(valueWidth)}  ------`);
for (const r of rows) console.log(`${r.case.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.target} ${r.ok ? "✔" : "✖ MISSED"}`);
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}; rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
