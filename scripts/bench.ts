// npm run bench: speed and memory of the registry core, printed as a table. Targets are
// checked here, never in unit tests, because timings on a shared 2-core machine are noisy.
import { readFileSync } from "node:fs";
import { parseLocated } from "../core/json/parse-located.js";
import { readSnapshot } from "../core/registry/read-snapshot.js";
import type { RegistryEntry, RegistrySnapshot } from "../core/registry/snapshot.js";
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
