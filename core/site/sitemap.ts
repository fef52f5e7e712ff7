import { browsePagePath, pageCount } from "./browse.js";
import type { SiteData } from "./site-data.js";
import { diffPages } from "./versions.js";
import { absolute, authors, browseOrder, urls } from "./view.js";

/** Every page the site renders, by site path (the 404 page and the noindex card fragments have none). */
export function sitePaths(data: SiteData): string[] {
  return [
    urls.home,
    urls.browse,
    ...Array.from({ length: pageCount(browseOrder(data).length) - 1 }, (_, i) => browsePagePath(i + 2)),
    ...data.records.map((r) => urls.template(r.template_id)),
    ...diffPages(data).map((d) => urls.diff(d.template_id, d.from, d.to)),
    urls.categories,
    ...data.categories.categories.map((c) => urls.category(c.id)),
    ...authors(data).map((a) => urls.author(a.handle)),
  ];
}

/** sitemap.xml (sitemaps.org 0.9); template pages carry their last change. */
export function sitemapXml(data: SiteData): string {
  const lastmod = new Map(data.records.map((r) => [urls.template(r.template_id), r.last_updated.slice(0, 10)]));
  const entries = sitePaths(data).map((path) => {
    const mod = lastmod.get(path);
    return `  <url><loc>${escapeXml(absolute(data, path))}</loc>${mod ? `<lastmod>${mod}</lastmod>` : ""}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</urlset>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
