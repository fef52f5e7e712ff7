import type { SearchHit } from "../search/query.js";
import { FACETS, type Facet, facetValues, hiddenByDefault } from "../spec/facets.js";
import { compareRelevance, compareSummaries, type Order, rankKeyOf } from "../spec/ranking.js";
import type { HasSpec } from "../spec/software.js";
import { parseHasSpec } from "../spec/software.js";
import { type CatalogSoftware, matchesSoftware } from "../spec/software-filter.js";
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

/** Cards per browse page, server-rendered and in the browser alike. */
export const PAGE_SIZE = 24;

export interface BrowseState {
  q: string;
  filters: Record<Facet, string[]>;
  /** Minimum mean rating, 0 for any. */
  minRating: number;
  /** Installed-software specs (`samtools>=1.20`), as written; each must be satisfied (core/spec/software-filter.ts). */
  has: string[];
  sort: SortKey;
  /** 1-based page of the results. */
  page: number;
}

/**
 * What filtering, faceting and ranking read of a template: a catalog row has it all, and the
 * browse page rebuilds it from its compact columns (core/site/browse-data.ts) without the catalog.
 */
export type BrowseRow = Pick<
  TemplateSummary,
  "template_id" | "category" | "tags" | "architecture" | "regions" | "license" | "maintenance_status" | "rating" | "rating_bayesian" | "downloads"
> & { software?: CatalogSoftware | undefined };

export function emptyState(): BrowseState {
  return { q: "", filters: emptyFilters(), minRating: 0, has: [], sort: "relevance", page: 1 };
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
  const page = Number(params.get("page"));
  // Specs are kept as written (even bad ones, which the page reports); commas never split them.
  const has = [
    ...new Set(
      params
        .getAll("has")
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ].sort();
  return {
    q: (params.get("q") ?? "").trim(),
    filters,
    minRating: (MIN_RATINGS as readonly number[]).includes(rating) ? rating : 0,
    has,
    sort: sort in SORTS ? (sort as SortKey) : "relevance",
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

/** The canonical query string for a state ("" when nothing is set), so equal states share a URL. */
export function serializeState(state: BrowseState): string {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of [...state.filters[facet]].sort()) params.append(facet, value);
  if (state.minRating) params.set("rating", String(state.minRating));
  for (const spec of [...state.has].sort()) params.append("has", spec);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The browse page's address (urls.browse, as view.ts spells it) with nothing set. */
export const BROWSE_PATH = "/templates/";

/**
 * Where page `n` (≥ 2) of the unfiltered list is server-rendered, so page links work without
 * JavaScript. "p" is shorter than any template id (core/spec/ids.ts), so it never clashes.
 */
export function browsePagePath(n: number): string {
  return n > 1 ? `${BROWSE_PATH}p/${n}/` : BROWSE_PATH;
}

/** The shareable URL of a state: the static page when only a page is set, else the query. */
export function browseUrl(state: BrowseState): string {
  const { page, ...rest } = state;
  if (serializeState({ ...rest, page: 1 }) === "") return browsePagePath(page);
  return `${BROWSE_PATH}${serializeState(state)}`;
}

/** Reads the page from a static page's path (`/templates/p/3/`), else from the query. */
export function stateFromLocation(pathname: string, search: string): BrowseState {
  const state = parseState(search);
  const m = /\/p\/(\d+)\/?$/.exec(pathname);
  const page = m ? Number(m[1]) : 0;
  return page > 1 && state.page === 1 ? { ...state, page } : state;
}

export function pageCount(results: number): number {
  return Math.max(1, Math.ceil(results / PAGE_SIZE));
}

/** The rows on a 1-based page; a page past the end shows the last one. */
export function pageOf<T>(order: readonly T[], page: number): { page: number; pages: number; items: T[] } {
  const pages = pageCount(order.length);
  const at = Math.min(Math.max(1, page), pages);
  return { page: at, pages, items: order.slice((at - 1) * PAGE_SIZE, at * PAGE_SIZE) };
}

/** Page numbers to link, with 0 where a run is elided: 1 … 4 5 [6] 7 8 … 417. */
export function pageLinks(page: number, pages: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) out.push(n);
    else if (out[out.length - 1] !== 0) out.push(0);
  }
  return out;
}

/** The state's software specs, parsed; bad ones are reported, not applied. */
export function softwareSpecs(state: Pick<BrowseState, "has">): { specs: HasSpec[]; errors: string[] } {
  const specs: HasSpec[] = [];
  const errors: string[] = [];
  for (const text of state.has) {
    const parsed = parseHasSpec(text);
    if (parsed.ok) specs.push(parsed.spec);
    else errors.push(`${parsed.message.replace(/^--has /, "")}: ${parsed.hint}`);
  }
  return { specs, errors };
}

const specCache = new WeakMap<readonly string[], HasSpec[]>();
function specsOf(state: BrowseState): HasSpec[] {
  let specs = specCache.get(state.has);
  if (!specs) {
    specs = softwareSpecs(state).specs;
    specCache.set(state.has, specs);
  }
  return specs;
}

/**
 * Whether a template passes every filter except `skip`. Values within a facet are alternatives
 * (any of them), facets combine (all of them). Archived templates stay hidden unless the
 * status filter asks for them, as the client spec recommends.
 */
export function passes(s: BrowseRow, state: BrowseState, skip?: Facet | "rating"): boolean {
  for (const facet of FACETS) {
    if (facet === skip) continue;
    const wanted = state.filters[facet];
    if (wanted.length > 0 && !facetValues(s, facet).some((v) => wanted.includes(v))) return false;
  }
  if (skip !== "status" && state.filters.status.length === 0 && hiddenByDefault(s)) return false;
  if (state.has.length > 0 && !matchesSoftware(s.software, specsOf(state))) return false;
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
export function facetCounts(rows: readonly BrowseRow[], state: BrowseState, hits?: ReadonlyMap<number, SearchHit>): FacetCounts {
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
 * Other sorts compare whole catalog rows, or follow `sorted`, every row in that sort's order
 * (sortedRows), which is what a client holding only BrowseRows passes.
 */
export function applyBrowse(rows: readonly BrowseRow[], state: BrowseState, hits?: ReadonlyMap<number, SearchHit>, sorted?: readonly number[]): number[] {
  const keep = (row: number) => (!hits || hits.has(row)) && passes(rows[row] as BrowseRow, state);
  if (state.sort !== "relevance" && sorted) return sorted.filter(keep);
  const shown: number[] = [];
  rows.forEach((_, row) => {
    if (keep(row)) shown.push(row);
  });
  const get = (row: number) => rows[row] as BrowseRow;
  if (state.sort !== "relevance") {
    const order = ORDER_OF[state.sort];
    return shown.sort((a, b) => compareSummaries(order, get(a) as TemplateSummary, get(b) as TemplateSummary));
  }
  return shown
    .map((row) => ({ row, rank: rankKeyOf(get(row)), score: hits?.get(row)?.score ?? 0, words: hits?.get(row)?.words ?? 0 }))
    .sort(compareRelevance)
    .map((r) => r.row);
}

/** Every row in a non-relevance sort's order, for applyBrowse's `sorted`. */
export function sortedRows(rows: readonly TemplateSummary[], sort: Exclude<SortKey, "relevance">): number[] {
  const order = ORDER_OF[sort];
  return rows.map((_, i) => i).sort((a, b) => compareSummaries(order, rows[a] as TemplateSummary, rows[b] as TemplateSummary));
}

/** Whether any filter, query or non-default sort is set (the page then offers "Clear all"); the page number does not count. */
export function isFiltered(state: BrowseState): boolean {
  return serializeState({ ...state, page: 1 }) !== "";
}
