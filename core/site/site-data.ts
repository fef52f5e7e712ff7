import {
  CATALOG_PATH,
  CATEGORIES_PATH,
  DISCOVERY_PATH,
  FEATURED_PATH,
  REVIEWS_PAGE,
  reviewsPagePath,
  SEARCH_INDEX_PATH,
  TEMPLATE_DOCS,
  TEMPLATE_METADATA,
  TEMPLATE_VERSION_FILE,
  TRENDING_PATH,
  templateDocsPath,
  templateMetadataPath,
  templateVersionPath,
  templateVersionsPath,
} from "../spec/layout.js";
import { parseVersionRecord, parseVersionsIndex } from "../spec/versions-format.js";
import type {
  ApiReviews,
  Catalog,
  CategoriesIndex,
  CategoryCount,
  Discovery,
  FeaturedIndex,
  PublishedTemplate,
  TemplateSummary,
  TemplateVersion,
  TemplateVersions,
  TrendingIndex,
} from "../types/generated.js";
import { renderReadmes } from "./readme-html.js";
import type { SiteSource } from "./site-inputs.js";

/** A template's published versions (client spec §3.6): the list, and the records the tree holds, by version. */
export interface SiteVersions {
  index: TemplateVersions;
  records: ReadonlyMap<string, TemplateVersion>;
}

/** Everything the pages render, read from a CDN tree (docs/client-spec.md), never from the registry. */
export interface SiteData {
  /** Absolute base URL for canonical links, Open Graph and the sitemap, without a trailing slash. */
  siteUrl: string;
  catalog: Catalog;
  categories: CategoriesIndex;
  featured: FeaturedIndex;
  trending: TrendingIndex;
  /** Published records in catalog order (sorted by id). */
  records: PublishedTemplate[];
  byId: ReadonlyMap<string, PublishedTemplate>;
  /** Catalog rows by template id, so a page never scans the catalog (10,000 pages × 10,000 rows). */
  summaryById: ReadonlyMap<string, TemplateSummary>;
  categoryById: ReadonlyMap<string, CategoryCount>;
  /** Untrusted README Markdown by template id. */
  docs: ReadonlyMap<string, string>;
  /** Each README rendered once, before any page, to sanitised HTML (core/site/readme-html.ts). */
  readmeHtml: ReadonlyMap<string, string>;
  reviews: ReadonlyMap<string, ApiReviews>;
  /** Published versions by template id; absent for a template whose tree has no version list. */
  versions: ReadonlyMap<string, SiteVersions>;
  /** The tree's discovery document: where the API is, and whether browsers may write to it. */
  discovery: Discovery;
}

// The search index only feeds the browse page's data files (core/site/browse-data.ts).
const INDEXES = [CATALOG_PATH, SEARCH_INDEX_PATH, CATEGORIES_PATH, FEATURED_PATH, TRENDING_PATH, DISCOVERY_PATH];
const PER_TEMPLATE = [TEMPLATE_METADATA, TEMPLATE_DOCS, REVIEWS_PAGE, TEMPLATE_VERSION_FILE];

/** The tree paths the site reads: the pages see only these of the tree render-site.ts shares (site-inputs.ts). */
export function isSiteInput(path: string): boolean {
  return INDEXES.includes(path) || PER_TEMPLATE.some((re) => re.test(path));
}

/**
 * Reads the site's data from a CDN tree (site-inputs.ts: in memory, or a folder). READMEs are
 * rendered here, once each, reusing `readmeCacheDir`'s HTML from earlier builds when given.
 */
export function readSiteData(source: SiteSource, siteUrl: string, readmeCacheDir?: string): SiteData {
  const optional = source;
  const text = (path: string) => {
    const found = source(path);
    if (found === undefined) throw new Error(`the site needs ${path}, which the tree does not have`);
    return found;
  };
  const json = <T>(path: string) => JSON.parse(text(path)) as T;
  const catalog = json<Catalog>(CATALOG_PATH);
  const records = catalog.templates.map((s) => json<PublishedTemplate>(templateMetadataPath(s.template_id)));
  const docs = new Map<string, string>();
  const reviews = new Map<string, ApiReviews>();
  const versions = new Map<string, SiteVersions>();
  const bytes = (s: string) => new TextEncoder().encode(s);
  for (const r of records) {
    docs.set(r.template_id, optional(templateDocsPath(r.template_id)) ?? "");
    const page = optional(reviewsPagePath(r.template_id));
    if (page) reviews.set(r.template_id, JSON.parse(page) as ApiReviews);
    const list = optional(templateVersionsPath(r.template_id));
    if (!list) continue;
    // The same readers as the CLI: a tree of a newer spec fails the build instead of rendering a guess.
    const index = parseVersionsIndex(bytes(list));
    const byVersion = new Map<string, TemplateVersion>();
    for (const entry of index.versions) {
      const record = optional(templateVersionPath(r.template_id, entry.version));
      if (record) byVersion.set(entry.version, parseVersionRecord(bytes(record)));
    }
    versions.set(r.template_id, { index, records: byVersion });
  }
  const categories = json<CategoriesIndex>(CATEGORIES_PATH);
  const readmes = records.map((r) => ({ id: r.template_id, name: r.name, markdown: docs.get(r.template_id) ?? "" }));
  return {
    siteUrl: siteUrl.replace(/\/+$/, ""),
    catalog,
    categories,
    featured: json<FeaturedIndex>(FEATURED_PATH),
    trending: json<TrendingIndex>(TRENDING_PATH),
    records,
    byId: new Map(records.map((r) => [r.template_id, r])),
    summaryById: new Map(catalog.templates.map((s) => [s.template_id, s])),
    categoryById: new Map(categories.categories.map((c) => [c.id, c])),
    docs,
    readmeHtml: renderReadmes(readmes, readmeCacheDir).html,
    reviews,
    versions,
    discovery: json<Discovery>(DISCOVERY_PATH),
  };
}
