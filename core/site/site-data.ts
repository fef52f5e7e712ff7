import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ApiReviews, Catalog, CategoriesIndex, FeaturedIndex, PublishedTemplate, TrendingIndex } from "../types/generated.js";

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
  /** Untrusted README Markdown by template id. */
  docs: ReadonlyMap<string, string>;
  reviews: ReadonlyMap<string, ApiReviews>;
}

/**
 * API_ROOT of core/build/build-tree.ts, repeated so the site bundle does not pull in the build
 * (and its schema validator); tests/site checks that the two agree.
 */
export const API_ROOT = "api/v1/marketplace";
const INDEXES = ["indexes/catalog.json", "indexes/categories.json", "indexes/featured.json", "indexes/trending.json"];
const PER_TEMPLATE = [
  /^templates\/[^/]+\/metadata\.json$/,
  /^templates\/[^/]+\/documentation\.md$/,
  new RegExp(`^${API_ROOT}/templates/[^/]+/reviews/index\\.json$`),
];

/** The tree paths the site reads: the renderer copies only these to the data directory. */
export function isSiteInput(path: string): boolean {
  return INDEXES.includes(path) || PER_TEMPLATE.some((re) => re.test(path));
}

/** Reads the site's data from a directory laid out like the CDN tree. */
export function readSiteData(dir: string, siteUrl: string): SiteData {
  const text = (path: string) => readFileSync(join(dir, path), "utf8");
  const json = <T>(path: string) => JSON.parse(text(path)) as T;
  const catalog = json<Catalog>("indexes/catalog.json");
  const records = catalog.templates.map((s) => json<PublishedTemplate>(`templates/${s.template_id}/metadata.json`));
  const optional = (path: string) => (existsSync(join(dir, path)) ? text(path) : undefined);
  const docs = new Map<string, string>();
  const reviews = new Map<string, ApiReviews>();
  for (const r of records) {
    docs.set(r.template_id, optional(`templates/${r.template_id}/documentation.md`) ?? "");
    const page = optional(`${API_ROOT}/templates/${r.template_id}/reviews/index.json`);
    if (page) reviews.set(r.template_id, JSON.parse(page) as ApiReviews);
  }
  return {
    siteUrl: siteUrl.replace(/\/+$/, ""),
    catalog,
    categories: json<CategoriesIndex>("indexes/categories.json"),
    featured: json<FeaturedIndex>("indexes/featured.json"),
    trending: json<TrendingIndex>("indexes/trending.json"),
    records,
    byId: new Map(records.map((r) => [r.template_id, r])),
    docs,
    reviews,
  };
}
