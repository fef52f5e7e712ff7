import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Template } from "../../core/types/generated.js";
import { editTemplate } from "../corpus/edit.js";
import { runNode } from "../lib/child.js";
import type { SizeContext } from "../lib/context.js";
import { repeat, row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { buildArgs, buildOnce, groupSize, HASHED, listFiles, treeTotals } from "../lib/tree.js";

/**
 * `npm run build -- --no-site`, every run signed at the same SOURCE_DATE_EPOCH: a full build into
 * an emptied folder (the folder is removed before each run, untimed), a rebuild with nothing
 * changed, and a rebuild after a one-template release (each run releases it again), both of which
 * find the previous build's manifest and rewrite only changed files. The floor is `cp -r` of the
 * built tree. Then the sizes of what a client downloads to search.
 */
export async function buildSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  const out = `${bench.dir(`size-${size}`)}/tree`;
  const env = { SOURCE_DATE_EPOCH: String(bench.epoch) };
  const build = (label: string) => runNode(buildArgs(bench, s.registry, out, false), bench.child(`${label}-${size}`, env));
  const full = await repeat(bench, `build --no-site ${size}`, () => {
    rmSync(out, { recursive: true, force: true });
    return build("build");
  });
  if (!full.time) await buildOnce(bench, s.registry, out);
  const copy = `${out}-copy`;
  const floor = repeatInProcess(bench.options.runs, () => {
    rmSync(copy, { recursive: true, force: true });
    const started = performance.now();
    execFileSync("cp", ["-r", out, copy]);
    return performance.now() - started;
  });
  rmSync(copy, { recursive: true, force: true });
  const same = await repeat(bench, `rebuild, nothing changed ${size}`, () => build("rebuild"));

  const chosen = s.corpus.templates.find((g) => g.template.publication.maintenance_status === "active")?.template;
  if (!chosen) throw new Error("the corpus has no active template to release");
  const file = join(s.registry, "templates", chosen.template_id, "template.json");
  const original = readFileSync(file, "utf8");
  let changed: Awaited<ReturnType<typeof repeat>>;
  try {
    changed = await repeat(bench, `rebuild after a 1-template change ${size}`, () => {
      writeFileSync(file, `${JSON.stringify(editTemplate(JSON.parse(readFileSync(file, "utf8")) as Template), null, 2)}\n`);
      return build("rebuild-change");
    });
  } finally {
    writeFileSync(file, original);
  }
  // Back to v1 (incremental again) for the sections after this one.
  await buildOnce(bench, s.registry, out);
  s.tree = out;
  const ratio = (m: Awaited<ReturnType<typeof repeat>>) => (m.time ? m.time.median / floor : undefined);
  const vs = (m: Awaited<ReturnType<typeof repeat>>) => `${ratio(m)?.toFixed(1) ?? "?"}× the cp -r floor`;
  return [
    row("build", "build.ms", "build --no-site, full (npm run build)", size, "ms", full.time, { note: [full.note, vs(full)].filter(Boolean).join("; ") }),
    row("build", "build.rss", "build --no-site, full: peak RSS", size, "bytes", full.rss),
    row("build", "build.floor.ms", "cp -r of the built tree (floor)", size, "ms", floor),
    row("build", "build.same.ms", "rebuild, nothing changed (incremental)", size, "ms", same.time, { note: [same.note, vs(same)].filter(Boolean).join("; ") }),
    row("build", "build.change.ms", "rebuild after 1-template change (incremental)", size, "ms", changed.time, {
      note: [changed.note, vs(changed)].filter(Boolean).join("; "),
    }),
    row("build", "build.change.rss", "rebuild after 1-template change: peak RSS", size, "bytes", changed.rss),
    ...indexRows(s, out),
  ];
}

function repeatInProcess(runs: number, run: () => number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(run());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/**
 * The search index may become several files (shards, a term dictionary...), so every plain
 * file under indexes/ whose name contains "search" counts, and the row notes how many there were.
 */
export function indexRows(s: SizeContext, tree: string): Row[] {
  const indexes = listFiles(`${tree}/indexes`).filter((f) => !HASHED.test(f));
  const search = groupSize(
    `${tree}/indexes`,
    indexes.filter((f) => f.split("/").pop()?.includes("search")),
  );
  const catalog = groupSize(
    `${tree}/indexes`,
    indexes.filter((f) => f === "catalog.json"),
  );
  const totals = treeTotals(tree);
  const files = (n: number) => `${n} file${n === 1 ? "" : "s"}`;
  const rows: Row[] = [];
  for (const [name, group, label] of [
    ["search", search, "search index"],
    ["catalog", catalog, "catalog.json"],
  ] as const) {
    const detail = { files: group.files, raw: group.raw, gzip: group.gzip, brotli: group.brotli };
    rows.push(
      row("build", `index.${name}.raw`, `${label}: raw`, s.size, "bytes", group.raw, { note: files(group.files.length), detail }),
      row("build", `index.${name}.gzip`, `${label}: gzip -9`, s.size, "bytes", group.gzip),
      row("build", `index.${name}.brotli`, `${label}: brotli-11`, s.size, "bytes", group.brotli),
    );
  }
  rows.push(row("build", "tree.files", "built tree: files (no site)", s.size, "count", totals.files, { detail: { bytes: totals.bytes } }));
  return rows;
}
