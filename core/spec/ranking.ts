import type { TemplateSummary } from "../types/generated.js";

/**
 * The one ordering of templates (docs/client-spec.md §3.2), used by the CLI and the catalog site
 * alike, so one query ranks the same everywhere. Every order ends with template_id compared by
 * UTF-16 code units: locale-independent, and ids are unique, so no two templates ever tie.
 */

/** What search results are ranked and hidden by; the search index's `ranking` carries it for every row. */
export interface RankKey {
  template_id: string;
  rating_bayesian: number;
  downloads: number;
  archived: boolean;
}

/**
 * A search hit: its rank key, its Lunr score (summed over the query's words it matched) and, when
 * the query was relaxed (docs/client-spec.md §3.1), how many of the words it matched.
 */
export interface Ranked {
  rank: RankKey;
  score: number;
  words?: number;
}

/**
 * Lunr scores are compared at 3 decimals: sums of the same weights in another order differ in
 * the last bits, and those must tie (then fall through) rather than decide the order.
 */
export function scoreKey(score: number): number {
  return Math.round(score * 1000);
}

/** Bayesian ratings are compared at 2 decimals, the precision the search index stores them at. */
export function ratingKey(rating: number): number {
  return Math.round(rating * 100);
}

export function byId(a: { template_id: string }, b: { template_id: string }): number {
  return a.template_id < b.template_id ? -1 : a.template_id > b.template_id ? 1 : 0;
}

/** Search order: words matched, then score, then Bayesian rating, then downloads, then id. */
export function compareRelevance(a: Ranked, b: Ranked): number {
  return (
    (b.words ?? 0) - (a.words ?? 0) ||
    scoreKey(b.score) - scoreKey(a.score) ||
    ratingKey(b.rank.rating_bayesian) - ratingKey(a.rank.rating_bayesian) ||
    b.rank.downloads - a.rank.downloads ||
    byId(a.rank, b.rank)
  );
}

export function rankResults<T extends Ranked>(list: readonly T[]): T[] {
  return [...list].sort(compareRelevance);
}

/** The list orders, by the name both the CLI's --sort and the site's sort menu use for them. */
export const ORDERS = ["rating", "downloads", "launches", "updated", "name", "trending"] as const;
export type Order = (typeof ORDERS)[number];

const quality = (a: TemplateSummary, b: TemplateSummary) =>
  ratingKey(b.rating_bayesian) - ratingKey(a.rating_bayesian) || b.reviews - a.reviews || b.downloads - a.downloads;

const COMPARE: Record<Order, (a: TemplateSummary, b: TemplateSummary) => number> = {
  rating: quality,
  downloads: (a, b) => b.downloads - a.downloads,
  launches: (a, b) => b.launches - a.launches || b.downloads - a.downloads,
  updated: (a, b) => (a.last_updated < b.last_updated ? 1 : a.last_updated > b.last_updated ? -1 : 0),
  name: (a, b) => a.name.localeCompare(b.name, "en"),
  trending: (a, b) => b.trending - a.trending || b.downloads - a.downloads,
};

export function compareSummaries(order: Order, a: TemplateSummary, b: TemplateSummary): number {
  return COMPARE[order](a, b) || byId(a, b);
}

export function sortSummaries<T extends { summary: TemplateSummary }>(list: readonly T[], order: Order): T[] {
  return [...list].sort((x, y) => compareSummaries(order, x.summary, y.summary));
}

/** A summary's rank key: what the search index's `ranking` columns hold for its row. */
export function rankKeyOf(s: Pick<TemplateSummary, "template_id" | "rating_bayesian" | "downloads" | "maintenance_status">): RankKey {
  return { template_id: s.template_id, rating_bayesian: s.rating_bayesian, downloads: s.downloads, archived: s.maintenance_status === "archived" };
}
