import type { SearchHit } from "../search/query.js";
import { FACETS, type Facet, facetValues, hiddenByDefault } from "../spec/facets.js";
import { compareRelevance, compareSummaries, type Order, rankKeyOf } from "../spec/ranking.js";
import type { TemplateSummary } from "../types/generated.js";

/**
 * Browse-page state and the filtering and faceting behind it. Pure and DOM-free, so the browser
 * script and the unit tests run the same code, and the server renders the same facet labels the
 * script later updates. Facet values and every order are core/spec's, shared with the CLI; facets
 * are named in the URL query as core/spec names them (`?category=a&category=b`).
 */

export const SORTS = {
  relevance: "Best match",
  rating: "Highest rated",
  launches: "Most launched",
  newest: "Recently updated",
  name: "Name (A–Z)",
} as const;
export type SortKey = keyof typeof SORTS;

/** The shared order behind each menu entry but relevance; "newest" is kept as the URL value links already use. */
const ORDER_OF: Record<Exclude<SortKey, "relevance">, Order> = { rating: "rating", launches: "launches", newest: "updated", name: "name" };

export const MIN_RATINGS = [4, 3, 2, 1] as const;

export interface BrowseState {
  q: string;
  filters: Record<Facet, string[]>;
  /** Minimum mean rating, 0 for any. */
  minRating: number;
  sort: SortKey;
}

export function emptyState(): BrowseState {
  return { q: "", filters: emptyFilters(), minRating: 0, sort: "relevance" };
}

function emptyFilters(): Record<Facet, string[]> {
  return { category: [], tags: [], architecture: [], region: [], license: [], status: [] };
}

/** Reads state from a query string; unknown keys and malformed values are ignored, never fatal. */
export function parseState(query: string | URLSearchParams): BrowseState {
  const params = typeof query === "string" ? new URLSearchParams(query) : query;
  const filters = emptyFilters();
  for (const facet of FACETS) {
    // Repeated keys are what a plain form submits; commas are accepted for hand-written links.
    const values = params.getAll(facet).flatMap((v) => v.split(","));
    filters[facet] = [...new Set(values.map((v) => v.trim()).filter(Boolean))].sort();
  }
  const rating = Number(params.get("rating"));
  const sort = params.get("sort") ?? "";
  return {
    q: (params.get("q") ?? "").trim(),
    filters,
    minRating: (MIN_RATINGS as readonly number[]).includes(rating) ? rating : 0,
    sort: sort in SORTS ? (sort as SortKey) : "relevance",
  };
}

/** The canonical query string for a state ("" when nothing is set), so equal states share a URL. */
export function serializeState(state: BrowseState): string {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of [...state.filters[facet]].sort()) params.append(facet, value);
  if (state.minRating) params.set("rating", String(state.minRating));
  if (state.sort !== "relevance") params.set("sort", state.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Whether a template passes every filter except `skip`. Values within a facet are alternatives
 * (any of them), facets combine (all of them). Archived templates stay hidden unless the
 * status filter asks for them, as the client spec recommends.
 */
export function passes(s: TemplateSummary, state: BrowseState, skip?: Facet | "rating"): boolean {
  for (const facet of FACETS) {
    if (facet === skip) continue;
    const wanted = state.filters[facet];
    if (wanted.length > 0 && !facetValues(s, facet).some((v) => wanted.includes(v))) return false;
  }
  if (skip !== "status" && state.filters.status.length === 0 && hiddenByDefault(s)) return false;
  return skip === "rating" || s.rating >= state.minRating;
}

export interface FacetCounts {
  facets: Record<Facet, Map<string, number>>;
  /** How many templates each minimum-rating option would leave. */
  ratings: Map<number, number>;
}

/**
 * Counts per facet value among the templates that match the search and every *other* filter,
 * so a count says how many results ticking that box would add (the usual disjunctive facets).
 */
export function facetCounts(rows: readonly TemplateSummary[], state: BrowseState, hits?: ReadonlyMap<number, SearchHit>): FacetCounts {
  const facets = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<Facet, Map<string, number>>;
  const ratings = new Map<number, number>(MIN_RATINGS.map((r) => [r, 0]));
  rows.forEach((s, row) => {
    if (hits && !hits.has(row)) return;
    for (const facet of FACETS) {
      if (!passes(s, state, facet)) continue;
      const counts = facets[facet];
      for (const v of new Set(facetValues(s, facet))) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (passes(s, state, "rating")) for (const r of MIN_RATINGS) if (s.rating >= r) ratings.set(r, (ratings.get(r) ?? 0) + 1);
  });
  return { facets, ratings };
}

/**
 * The rows to show, in order. `hits` (core/search/query.ts's result by row) is given when there is
 * a query; relevance then ranks as the CLI's search does (core/spec/ranking.ts), without one by quality.
 */
export function applyBrowse(rows: readonly TemplateSummary[], state: BrowseState, hits?: ReadonlyMap<number, SearchHit>): number[] {
  const shown: number[] = [];
  rows.forEach((s, row) => {
    if ((!hits || hits.has(row)) && passes(s, state)) shown.push(row);
  });
  const get = (row: number) => rows[row] as TemplateSummary;
  if (state.sort !== "relevance") {
    const order = ORDER_OF[state.sort];
    return shown.sort((a, b) => compareSummaries(order, get(a), get(b)));
  }
  return shown
    .map((row) => ({ row, rank: rankKeyOf(get(row)), score: hits?.get(row)?.score ?? 0, words: hits?.get(row)?.words ?? 0 }))
    .sort(compareRelevance)
    .map((r) => r.row);
}

/** Whether any filter, query or non-default sort is set (the page then offers "Clear all"). */
export function isFiltered(state: BrowseState): boolean {
  return serializeState(state) !== "";
}
