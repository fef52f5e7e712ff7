import { beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from "../../core/site/csp.js";
import { renderSite } from "../../core/site/render-site.js";
import type { Catalog, CategoriesIndex, TemplateVersion } from "../../core/types/generated.js";
import { CITATION_FORMATS, citationOf, formatCitation } from "../../core/versions/cite.js";
import { json } from "../helpers/build-input.js";
import { PAST_DOI, richInput } from "./helpers/fixture.js";

const SITE_URL = "https://marketplace.example.org";
const BUILD_TIMEOUT = 180_000;

let data: Map<string, Uint8Array>;
let site: Map<string, Uint8Array>;
let seconds = 0;

const GENOMICS = "genomics-pipeline-v3";
const LATEST_RECORD = `templates/${GENOMICS}/versions/3.2.2.json`;
/** Installed software as the AMI pipeline records it in a version record (the other versions have none). */
const INSTALLED: TemplateVersion["software"] = [
  { name: "samtools", version: "1.21", ecosystem: "conda" },
  { name: "zlib1g", version: "1:1.3.dfsg-3.1ubuntu2", ecosystem: "deb" },
  { name: "<b>odd</b>", version: "1.0", ecosystem: "pip" },
];

beforeAll(async () => {
  data = new Map(buildTree(richInput()).files);
  const latest = json<TemplateVersion>(data, LATEST_RECORD);
  data.set(LATEST_RECORD, new TextEncoder().encode(JSON.stringify({ ...latest, software: INSTALLED, software_source: "sbom" })));
  const started = performance.now();
  site = await renderSite(data, { siteUrl: `${SITE_URL}/` });
  seconds = (performance.now() - started) / 1000;
  console.info(`renderSite: ${site.size} files for ${json<Catalog>(data, "indexes/catalog.json").templates.length} templates in ${seconds.toFixed(1)} s`);
}, BUILD_TIMEOUT);

const text = (path: string) => new TextDecoder().decode(site.get(path));
const fromHtml = (html: string) =>
  html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
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
    // Every page but 404.html and the noindex card fragments the browse script fetches.
    const indexable = htmlPages().filter((p) => p !== "404.html" && !text(p).includes('<meta name="robots" content="noindex">'));
    expect(indexable.length).toBeGreaterThan(40);
    expect(locs).toHaveLength(indexable.length);
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

describe("template page: versions, software and citation", () => {
  const page = () => text(`templates/${GENOMICS}/index.html`);

  it("lists every published version with its date, DOI, support status and a link to the diff against the version before", () => {
    const html = page();
    expect([...html.matchAll(/<li data-version="([^"]+)">/g)].map((m) => m[1])).toEqual(["3.2.2", "3.2.1", "3.1.0"]);
    const links = [...html.matchAll(/<a href="([^"]+)" data-diff-link>/g)].map((m) => m[1]);
    expect(links).toEqual([`/templates/${GENOMICS}/diff/3.2.1..3.2.2/`, `/templates/${GENOMICS}/diff/3.1.0..3.2.1/`]);
    for (const link of links) expect(site.has(`${link?.slice(1)}index.html`), link).toBe(true);
    expect(html).toMatch(new RegExp(`<a href="https://doi.org/${PAST_DOI}" rel="noopener">\\s*doi:${PAST_DOI}\\s*</a>`));
    expect(html).toContain('<span class="badge ok">Latest</span>');
    expect(html).toContain('<span class="badge info">Supported until 14 Sep 2027</span>');
    expect(html).toContain('<time datetime="2026-01-20T00:00:00Z">20 Jan 2026</time>');
  });

  it("shows the software per version: recorded software when the record has it, else the declared packages, saying which", () => {
    const html = page();
    const blocks = [...html.matchAll(/<details class="disclosure software-version" data-version="([^"]+)" data-source="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(blocks).toEqual([
      ["3.2.2", "sbom"],
      ["3.2.1", "declared"],
      ["3.1.0", "declared"],
    ]);
    expect(html).toContain("Installed software in v3.2.2, as recorded from its machine image&#39;s software bill of materials.");
    expect(html).toContain("Declared packages of v3.1.0: no image");
    expect(html).toContain("<code>1:1.3.dfsg-3.1ubuntu2</code>");
    // Package names are untrusted text.
    expect(html).toContain("<code>&lt;b&gt;odd&lt;/b&gt;</code>");
    expect(html).not.toContain("<b>odd</b>");
  });

  it("shows 'Cite this environment' with the text `cws marketplace cite` prints, every format readable without JavaScript", () => {
    const html = page();
    expect(html).toContain('<h2 class="section-title" id="cite-title">Cite this environment</h2>');
    // The picker and copy button appear only with the script; the blocks are always there.
    expect(html).toMatch(/<div class="cite-controls" data-cite-controls hidden>/);
    const record = json<TemplateVersion>(data, LATEST_RECORD);
    const citation = citationOf(record, SITE_URL);
    for (const format of CITATION_FORMATS) {
      const m = new RegExp(`data-format="${format}" id="cite-${format}"> <figcaption>[^<]+</figcaption> <pre tabindex="0"><code>([^<]*)</code>`).exec(html);
      expect(fromHtml(m?.[1] ?? ""), format).toBe(formatCitation(citation, format));
    }
    expect(html).toContain(`url = {${SITE_URL}/templates/${GENOMICS}/versions/3.2.2.json}`);
  });

  it("renders a diff page per version pair with the packages added, removed and upgraded and the CLI's lines", () => {
    const html = text(`templates/${GENOMICS}/diff/3.1.0..3.2.1/index.html`);
    expect(html).toContain("<h1>What changed from v3.1.0 to v3.2.1</h1>");
    expect([...html.matchAll(/<tr data-change="([a-z]+)">/g)].map((m) => m[1])).toEqual(["added", "added", "added", "upgraded", "upgraded", "upgraded"]);
    expect(html).toContain("From the declared packages (version constraints, not installed versions)");
    const lines = /<pre class="diff-lines" id="diff-lines" tabindex="0"><code>([^<]*)<\/code>/.exec(html)?.[1];
    expect(fromHtml(lines ?? "").split("\n")).toEqual([
      `${GENOMICS}@3.1.0 → ${GENOMICS}@3.2.1`,
      "packages (declared packages):",
      "  + conda nextflow >=24.10",
      "  + conda snakemake-minimal >=8",
      "  + pip cyvcf2 >=0.31",
      "  ↑ conda bcftools >=1.19 → >=1.21",
      "  ↑ conda r-base =4.3 → =4.4",
      "  ↑ conda samtools >=1.19 → >=1.21",
    ]);
    expect(html).toContain(`<code>cws marketplace diff ${GENOMICS} 3.1.0 3.2.1</code>`);
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}/templates/${GENOMICS}/diff/3.1.0..3.2.1/">`);
    // Only one side recorded software: the diff says it falls back to the declared packages.
    expect(text(`templates/${GENOMICS}/diff/3.2.1..3.2.2/index.html`)).toContain(
      "no differences in packages, base image, instance defaults, ports or services",
    );
  });
});
