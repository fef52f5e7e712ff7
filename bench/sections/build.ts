import { runNode } from "../lib/child.js";
import type { SizeContext } from "../lib/context.js";
import { repeat, row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { buildArgs, buildOnce, groupSize, HASHED, listFiles, treeTotals } from "../lib/tree.js";

/**
 * `npm run build -- --no-site` into one output folder per size, every run signed at the same
 * SOURCE_DATE_EPOCH so the runs build identical trees. Then the sizes of what a client
 * downloads to search: the search index and the catalog, raw, gzip and brotli-11.
 */
export async function buildSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  const out = `${bench.dir(`size-${size}`)}/tree`;
  const m = await repeat(bench, `build --no-site ${size}`, () =>
    runNode(buildArgs(bench, s.registry, out, false), bench.child(`build-${size}`, { SOURCE_DATE_EPOCH: String(bench.epoch) })),
  );
  if (!m.time) await buildOnce(bench, s.registry, out);
  s.tree = out;
  return [
    row("build", "build.ms", "build --no-site (npm run build)", size, "ms", m.time, { note: m.note }),
    row("build", "build.rss", "build --no-site: peak RSS", size, "bytes", m.rss),
    ...indexRows(s, out),
  ];
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
