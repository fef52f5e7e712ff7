import { beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from "../../core/site/csp.js";
import { renderSite } from "../../core/site/render-site.js";
import type { Catalog, CategoriesIndex } from "../../core/types/generated.js";
import { json } from "../helpers/build-input.js";
import { richInput } from "./helpers/fixture.js";

const SITE_URL = "https://marketplace.example.org";
const BUILD_TIMEOUT = 180_000;

let data: Map<string, Uint8Array>;
let site: Map<string, Uint8Array>;
let seconds = 0;

beforeAll(async () => {
  data = buildTree(richInput()).files;
  const started = performance.now();
  site = await renderSite(data, { siteUrl: `${SITE_URL}/` });
  seconds = (performance.now() - started) / 1000;
  console.info(`renderSite: ${site.size} files for ${json<Catalog>(data, "indexes/catalog.json").templates.length} templates in ${seconds.toFixed(1)} s`);
}, BUILD_TIMEOUT);

const text = (path: string) => new TextDecoder().decode(site.get(path));
const htmlPages = () => [...site.keys()].filter((p) => p.endsWith(".html"));

describe("renderSite", () => {
  it("renders every page the issue lists, at the root of the tree", () => {
    const catalog = json<Catalog>(data, "indexes/catalog.json");
    const categories = json<CategoriesIndex>(data, "indexes/categories.json");
    const expected = [
      "index.html",
      "templates/index.html",
      "categories/index.html",
      "404.html",
      "sitemap.xml",
      "robots.txt",
      ...catalog.templates.map((t) => `templates/${t.template_id}/index.html`),
      ...categories.categories.map((c) => `categories/${c.id}/index.html`),
      ...[...new Set(catalog.templates.map((t) => t.author))].map((a) => `authors/${a}/index.html`),
    ];
    for (const path of expected) expect(site.has(path), path).toBe(true);
    expect([...site.keys()].some((p) => /^_astro\/.+\.js$/.test(p))).toBe(true);
    expect([...site.keys()].some((p) => /^_astro\/.+\.css$/.test(p))).toBe(true);
  });

  it("never returns a path that is also a data target", () => {
    for (const path of site.keys()) expect(data.has(path), path).toBe(false);
  });

  it("puts the CSP on every page and no inline script or style anywhere", () => {
    const pages = htmlPages();
    expect(pages.length).toBeGreaterThan(40);
    for (const path of pages) {
      const html = text(path);
      expect(html, path).toContain(`<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}">`);
      // Browsers ignore frame-ancestors in a <meta> policy and log an error for it on every page; the header carries it.
      expect(html, path).not.toContain("frame-ancestors");
      expect(html, path).not.toMatch(/<script\b(?![^>]*\ssrc=)[^>]*>/i);
      expect(html, path).not.toMatch(/<style[\s>]/i);
      expect(html, path).not.toMatch(/<[a-z][^>]*\sstyle=/i);
      expect(html, path).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
      // Every referenced script and stylesheet is part of the same output.
      for (const [, ref] of html.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)="(\/_astro\/[^"]+)"/g)) expect(site.has(ref?.slice(1) ?? ""), ref).toBe(true);
    }
  });

  it("keeps the policy strict: self-only scripts and styles, no plugins, no base", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:/);
    // The meta policy is the header's, less only what a <meta> policy cannot carry.
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  });

  it("gives pages canonical URLs and Open Graph tags on the configured site URL", () => {
    const html = text("templates/genomics-pipeline-v3/index.html");
    expect(html).toContain('<meta property="og:title" content="Advanced Genomics Analysis Pipeline">');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain(`<meta property="og:url" content="${SITE_URL}/templates/genomics-pipeline-v3/">`);
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}/templates/genomics-pipeline-v3/">`);
    expect(html).toMatch(/<meta property="og:description" content="Complete genomics workflow/);
    expect(text("404.html")).toContain('<meta name="robots" content="noindex">');
  });

  it("lists every page in sitemap.xml with absolute URLs", () => {
    const xml = text("sitemap.xml");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain(`${SITE_URL}/`);
    expect(locs).toContain(`${SITE_URL}/templates/jupyter-data-science/`);
    expect(locs.every((l) => l?.startsWith(`${SITE_URL}/`))).toBe(true);
    expect(locs).toHaveLength(htmlPages().length - 1); // every page but 404.html
    expect(text("robots.txt")).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });

  it("renders the same bytes from the same tree", { timeout: BUILD_TIMEOUT }, async () => {
    const again = await renderSite(data, { siteUrl: SITE_URL });
    expect([...again.keys()]).toEqual([...site.keys()]);
    for (const [path, bytes] of site) expect(Buffer.from(again.get(path) ?? []).equals(Buffer.from(bytes)), path).toBe(true);
  });

  it("builds the seeded catalog in well under a minute", () => {
    expect(seconds).toBeLessThan(60);
  });
});
