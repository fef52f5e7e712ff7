import type { TemplateSummary } from "../../../core/types/generated.js";

export interface Filters {
  category?: string | undefined;
  tag?: string[] | undefined;
  architecture?: string | undefined;
  region?: string | undefined;
  author?: string | undefined;
  minRating?: number | undefined;
  includeArchived?: boolean | undefined;
}

export type SortKey = "rating" | "downloads" | "updated" | "name" | "trending";
export const SORT_KEYS: readonly SortKey[] = ["rating", "downloads", "updated", "name", "trending"];

/** Archived templates are hidden unless asked for; deprecated ones stay visible and are marked. */
export function matches(s: TemplateSummary, f: Filters): boolean {
  if (!f.includeArchived && s.maintenance_status === "archived") return false;
  if (f.category && s.category !== f.category) return false;
  if (f.tag?.some((t) => !s.tags.includes(t))) return false;
  if (f.architecture && !s.architecture.includes(f.architecture as "x86_64" | "arm64")) return false;
  if (f.region && !s.regions.includes(f.region)) return false;
  if (f.author && s.author !== f.author) return false;
  if (f.minRating !== undefined && s.rating < f.minRating) return false;
  return true;
}

const byName = (a: TemplateSummary, b: TemplateSummary) => a.name.localeCompare(b.name) || a.template_id.localeCompare(b.template_id);

export function sortSummaries<T extends { summary: TemplateSummary }>(list: T[], key: SortKey): T[] {
  const cmp: Record<SortKey, (a: TemplateSummary, b: TemplateSummary) => number> = {
    rating: (a, b) => b.rating_bayesian - a.rating_bayesian || b.downloads - a.downloads || byName(a, b),
    downloads: (a, b) => b.downloads - a.downloads || byName(a, b),
    updated: (a, b) => (a.last_updated < b.last_updated ? 1 : a.last_updated > b.last_updated ? -1 : byName(a, b)),
    name: byName,
    trending: (a, b) => b.trending - a.trending || b.downloads - a.downloads || byName(a, b),
  };
  return [...list].sort((x, y) => cmp[key](x.summary, y.summary));
}

/** Search order: relevance, then Bayesian rating, then downloads (scores compared to 3 decimals so near-ties fall through). */
/** What search results are ranked and hidden by; the search index carries it for every row. */
export interface RankKey {
  template_id: string;
  rating_bayesian: number;
  downloads: number;
  archived: boolean;
}

/** Lunr score (to 3 decimals), then Bayesian rating, then downloads, then id (client spec §3.1). */
export function rankResults<T extends { rank: RankKey; score: number }>(list: T[]): T[] {
  const rounded = (x: number) => Math.round(x * 1000);
  return [...list].sort(
    (a, b) =>
      rounded(b.score) - rounded(a.score) ||
      b.rank.rating_bayesian - a.rank.rating_bayesian ||
      b.rank.downloads - a.rank.downloads ||
      a.rank.template_id.localeCompare(b.rank.template_id),
  );
}

/** True when a filter needs catalog rows; hiding archived templates needs only the search index. */
export function filtersNeedRows(f: Filters): boolean {
  return Boolean(f.category || f.tag?.length || f.architecture || f.region || f.author || f.minRating !== undefined);
}

export type FacetName = "category" | "tags" | "architecture" | "region" | "license" | "maintenance_status";

/** Counts per facet value over the given summaries. */
export function facetCounts(list: readonly TemplateSummary[]): Record<FacetName, [string, number][]> {
  const count = (values: (s: TemplateSummary) => string[]) => {
    const m = new Map<string, number>();
    for (const s of list) for (const v of new Set(values(s))) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  return {
    category: count((s) => [s.category]),
    tags: count((s) => s.tags),
    architecture: count((s) => s.architecture),
    region: count((s) => s.regions),
    license: count((s) => [s.license]),
    maintenance_status: count((s) => [s.maintenance_status]),
  };
}
