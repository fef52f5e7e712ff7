import { runNode } from "../lib/child.js";
import type { SizeContext } from "../lib/context.js";
import { repeat, row } from "../lib/measure.js";
import type { Row } from "../lib/row.js";
import { buildArgs, HASHED, listFiles } from "../lib/tree.js";

/**
 * `npm run build` with the Astro catalog site. Pages are the plain *.html files of the output
 * (each also has a hash-prefixed copy for TUF, not counted). Pages per second divide by the whole
 * build's time, data and signing included, which is what a publisher waits for; the site's own
 * share (this time minus build --no-site) is kept in JSON.
 */
export async function siteSection(s: SizeContext): Promise<Row[]> {
  const { bench, size } = s;
  if (size > bench.options.siteMax) {
    const note = "skipped (size > --site-max)";
    return [row("site", "site.ms", "build with site (npm run build)", size, "ms", undefined, { note })];
  }
  const out = `${bench.dir(`size-${size}`)}/site-tree`;
  const m = await repeat(bench, `build with site ${size}`, () =>
    runNode(buildArgs(bench, s.registry, out, true), bench.child(`site-${size}`, { SOURCE_DATE_EPOCH: String(bench.epoch) })),
  );
  const pages = m.time ? listFiles(out).filter((f) => f.endsWith(".html") && !HASHED.test(f)).length : undefined;
  const noSite = s.rows.get("build.ms")?.value;
  const siteOnly = m.time && noSite !== undefined ? m.time.median - noSite : undefined;
  const detail = {
    pages,
    ...(siteOnly !== undefined && pages ? { siteOnlyMs: siteOnly, siteOnlyPagesPerSecond: pages / (siteOnly / 1000) } : {}),
  };
  return [
    row("site", "site.ms", "build with site (npm run build)", size, "ms", m.time, { note: m.note, detail }),
    row("site", "site.pages", "site: HTML pages", size, "count", pages),
    row("site", "site.pages_per_s", "site: pages per second", size, "per-second", pages && m.time ? pages / (m.time.median / 1000) : undefined, {
      note: siteOnly !== undefined && pages && siteOnly > 0 ? `${(pages / (siteOnly / 1000)).toFixed(0)}/s for the site part alone` : undefined,
    }),
    row("site", "site.rss", "build with site: peak RSS", size, "bytes", m.rss),
  ];
}
