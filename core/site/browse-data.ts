import { FACETS, type Facet, facetValues } from "../spec/facets.js";
import { decodePosting, encodePosting, readFixedWidth } from "../spec/packed-format.js";
import { byId } from "../spec/ranking.js";
import type { CatalogSoftware } from "../spec/software-filter.js";
import type { SearchIndex, TemplateSummary } from "../types/generated.js";
import { type BrowseRow, SORTS, type SortKey, sortedRows } from "./browse.js";

/**
 * The browse page's data files, derived at site build from the catalog and its packed index
 * (docs/client-spec.md §3.1–3.2) so a browser never downloads the 8 MB catalog or every posting:
 * - the head: the packed index without its postings, plus each row's facet values, mean rating
 *   and (through the index's `ranking`) what relevance ranks by;
 * - posting shards, fetched only for the terms a query touches;
 * - the non-relevance sort orders and the software columns, fetched when a sort or the software
 *   facet is first used.
 * Row numbers are catalog rows throughout, as in the index; the catalog is sorted by id, so a
 * row's number stands in for its id when ranking breaks ties.
 */

export const SORTED_KEYS = (Object.keys(SORTS) as SortKey[]).filter((k): k is Exclude<SortKey, "relevance"> => k !== "relevance");
export type SortedKey = (typeof SORTED_KEYS)[number];

/**
 * URL paths of the files: the site's own, not the client spec's, in a folder of their own
 * (under templates/ they could meet a template's folder).
 */
export const BROWSE_FILES = {
  head: "/browse/head.json",
  shard: (n: number) => `/browse/postings-${n}.json`,
  orders: "/browse/orders.json",
  software: "/browse/software.json",
  /** Server-rendered cards of CARD_CHUNK consecutive catalog rows, as an HTML fragment. */
  cards: (n: number) => `/browse/cards-${n}/`,
};

/** Catalog rows per card fragment: small, because one page of search results touches up to PAGE_SIZE of them. */
export const CARD_CHUNK = 8;
/** Raw characters of postings per shard; a very common term may fill one alone. */
const SHARD_CHARS = 16_000;

/** A facet's values, each with the rows that have it as a one-field posting (core/spec/packed-format.ts). */
export type FacetColumn = { values: string[]; rows: string[] };

export interface BrowseHead {
  catalog_sha256: string;
  rows: number;
  index: Omit<SearchIndex, "postings">;
  /** The first term index of each posting shard, ascending, starting at 0. */
  shards: number[];
  facets: Record<Facet, FacetColumn>;
  /** Each row's mean rating × 100 (the minimum-rating filter). */
  rating: number[];
}

export interface PostingShard {
  catalog_sha256: string;
  start: number;
  postings: string[];
}

export type BrowseOrders = { catalog_sha256: string } & Record<SortedKey, number[]>;

export interface SoftwareColumns {
  catalog_sha256: string;
  /** One character per catalog row: "s" sbom, "d" declared, "-" no software. */
  sources: string;
  /**
   * Every distinct [ecosystem, name, version] with the rows that have it, as one-field postings
   * (core/spec/packed-format.ts): row lists of common packages shrink to runs of "1".
   */
  packages: [ecosystem: string, name: string, version: string, rows: string][];
}

export function browseHead(rows: readonly TemplateSummary[], index: SearchIndex): BrowseHead {
  if (index.documents !== rows.length) throw new Error(`search index has ${index.documents} documents, catalog ${rows.length} rows`);
  for (let i = 1; i < rows.length; i++) {
    if (byId(rows[i - 1] as TemplateSummary, rows[i] as TemplateSummary) >= 0) throw new Error("catalog rows are not sorted by template_id");
  }
  const { postings, ...rest } = index;
  const facets = {} as Record<Facet, FacetColumn>;
  for (const facet of FACETS) {
    const byValue = new Map<string, [number, number][]>();
    rows.forEach((s, row) => {
      for (const v of new Set(facetValues(s, facet))) {
        let list = byValue.get(v);
        if (!list) {
          list = [];
          byValue.set(v, list);
        }
        list.push([row, 1]);
      }
    });
    facets[facet] = { values: [...byValue.keys()], rows: [...byValue.values()].map((list) => encodePosting([list])) };
  }
  return {
    catalog_sha256: index.catalog_sha256,
    rows: rows.length,
    index: rest,
    shards: shardStarts(postings),
    facets,
    rating: rows.map((s) => Math.round(s.rating * 100)),
  };
}

function shardStarts(postings: readonly string[]): number[] {
  const starts = [0];
  let size = 0;
  postings.forEach((p, i) => {
    if (size > 0 && size + p.length > SHARD_CHARS) {
      starts.push(i);
      size = 0;
    }
    size += p.length;
  });
  return starts;
}

export function postingShards(index: SearchIndex): PostingShard[] {
  const starts = shardStarts(index.postings);
  return starts.map((start, n) => ({
    catalog_sha256: index.catalog_sha256,
    start,
    postings: index.postings.slice(start, starts[n + 1] ?? index.postings.length),
  }));
}

/** The shard holding term index `term`. */
export function shardOf(head: Pick<BrowseHead, "shards">, term: number): number {
  let lo = 0;
  let hi = head.shards.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((head.shards[mid] as number) <= term) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function browseOrders(rows: readonly TemplateSummary[], catalogSha256: string): BrowseOrders {
  return { catalog_sha256: catalogSha256, ...(Object.fromEntries(SORTED_KEYS.map((k) => [k, sortedRows(rows, k)])) as Record<SortedKey, number[]>) };
}

export function softwareColumns(rows: readonly TemplateSummary[], catalogSha256: string): SoftwareColumns {
  const byPackage = new Map<string, { p: readonly string[]; rows: number[] }>();
  rows.forEach((s, row) => {
    for (const p of s.software?.packages ?? []) {
      const key = JSON.stringify(p);
      let entry = byPackage.get(key);
      if (!entry) {
        entry = { p, rows: [] };
        byPackage.set(key, entry);
      }
      if (entry.rows[entry.rows.length - 1] !== row) entry.rows.push(row);
    }
  });
  return {
    catalog_sha256: catalogSha256,
    sources: rows.map((s) => (s.software ? (s.software.source === "sbom" ? "s" : "d") : "-")).join(""),
    packages: [...byPackage.values()].map(({ p, rows }) => [p[0] ?? "", p[1] ?? "", p[2] ?? "", encodePosting([rows.map((r): [number, number] => [r, 1])])]),
  };
}

/** Card fragments at site build: chunk n holds rows n × CARD_CHUNK onwards. */
export function cardChunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CARD_CHUNK) out.push(rows.slice(i, i + CARD_CHUNK));
  return out;
}

export function chunkOf(row: number): number {
  return Math.floor(row / CARD_CHUNK);
}

/**
 * The rows as browse.ts filters and ranks them, from the head (and the software columns once
 * loaded). template_id is the row number, zero-padded: it sorts as the real ids do.
 */
export function browseRows(head: BrowseHead, software?: SoftwareColumns): BrowseRow[] {
  const { ranking } = head.index;
  const width = String(head.rows).length;
  const columns = Object.fromEntries(FACETS.map((f) => [f, valuesByRow(head.facets[f], head.rows)])) as Record<Facet, string[][]>;
  const pick = (facet: Facet, row: number) => columns[facet][row] ?? [];
  const installed = software ? softwareByRow(software, head.rows) : [];
  const out: BrowseRow[] = [];
  for (let row = 0; row < head.rows; row++) {
    const status = pick("status", row)[0] ?? "active";
    out.push({
      template_id: String(row).padStart(width, "0"),
      category: pick("category", row)[0] ?? "",
      tags: pick("tags", row),
      architecture: pick("architecture", row) as BrowseRow["architecture"],
      regions: pick("region", row),
      license: pick("license", row)[0] ?? "",
      maintenance_status: status as BrowseRow["maintenance_status"],
      rating: (head.rating[row] ?? 0) / 100,
      rating_bayesian: readFixedWidth(ranking.rating_bayesian, row) / 100,
      downloads: readFixedWidth(ranking.downloads, row),
      software: installed[row],
    });
  }
  return out;
}

function valuesByRow(column: FacetColumn, rows: number): string[][] {
  const out: string[][] = Array.from({ length: rows }, () => []);
  column.values.forEach((value, i) => {
    const [list = []] = decodePosting(column.rows[i] ?? "", 1);
    for (let j = 0; j < list.length; j += 2) out[list[j] as number]?.push(value);
  });
  return out;
}

/** Per row, its software as a catalog row has it (docs/client-spec.md §3.2). */
function softwareByRow(columns: SoftwareColumns, rows: number): (CatalogSoftware | undefined)[] {
  const packages: string[][][] = Array.from({ length: rows }, () => []);
  for (const [ecosystem, name, version, posting] of columns.packages) {
    const [list = []] = decodePosting(posting, 1);
    for (let i = 0; i < list.length; i += 2) packages[list[i] as number]?.push([ecosystem, name, version]);
  }
  return packages.map((p, row) => {
    const source = columns.sources[row];
    return source === "s" || source === "d" ? { source: source === "s" ? "sbom" : "declared", packages: p } : undefined;
  });
}
