// The browse page's data, fetched only as a view needs it: the head (facets, ranking, the index
// without postings) on the first filtered view, posting shards for the terms a query touches,
// card fragments for the rows shown, and the sort orders and software columns on first use.
// Nothing here builds markup from data: cards come as the server rendered them.

import { type LoadedIndex, loadSearchIndex } from "../../../core/search/load-packed-index.js";
import { queryWords, type SearchHit, search, wordBoosts } from "../../../core/search/query.js";
import type { BrowseRow } from "../../../core/site/browse.js";
import {
  BROWSE_FILES,
  type BrowseHead,
  type BrowseOrders,
  browseRows,
  chunkOf,
  type PostingShard,
  type SoftwareColumns,
  type SortedKey,
  shardOf,
} from "../../../core/site/browse-data.js";

/** The data files come from another build than the page (a publish in between): reload to fix. */
export class StaleData extends Error {}

export class BrowseLoader {
  private headP: Promise<BrowseHead> | undefined;
  private rowsP: Promise<BrowseRow[]> | undefined;
  private softwareRowsP: Promise<BrowseRow[]> | undefined;
  private ordersP: Promise<BrowseOrders> | undefined;
  private index: { loaded: LoadedIndex; postings: string[] } | undefined;
  private readonly shards = new Map<number, Promise<void>>();
  private readonly chunks = new Map<number, Promise<void>>();
  /** Cards by catalog row: the page's own, then those fetched. */
  readonly cards = new Map<number, HTMLElement>();

  head(): Promise<BrowseHead> {
    this.headP ??= getJson<BrowseHead>(BROWSE_FILES.head);
    return this.headP;
  }

  /** The rows to filter; with `software`, also what the software facet reads (one more file). */
  rows(software: boolean): Promise<BrowseRow[]> {
    if (software) {
      this.softwareRowsP ??= Promise.all([this.head(), this.checked<SoftwareColumns>(BROWSE_FILES.software)]).then(([h, s]) => browseRows(h, s));
      return this.softwareRowsP;
    }
    this.rowsP ??= this.head().then((h) => browseRows(h));
    return this.rowsP;
  }

  async order(sort: SortedKey): Promise<readonly number[]> {
    this.ordersP ??= this.checked<BrowseOrders>(BROWSE_FILES.orders);
    return (await this.ordersP)[sort];
  }

  /** Runs a query (core/search/query.ts) once the shards holding its terms are in. */
  async search(query: string): Promise<Map<number, SearchHit> | undefined> {
    const head = await this.head();
    if (!this.index) {
      const postings = new Array<string>(head.index.terms === "" ? 0 : head.index.terms.split(" ").length).fill("");
      this.index = { loaded: loadSearchIndex({ ...head.index, postings }), postings };
    }
    const { loaded, postings } = this.index;
    const needed = new Set<number>();
    for (const word of queryWords(query)) for (const term of wordBoosts(loaded, word).keys()) needed.add(shardOf(head, term));
    await Promise.all(
      [...needed].map((n) => {
        let p = this.shards.get(n);
        if (!p) {
          p = this.checked<PostingShard>(BROWSE_FILES.shard(n)).then((shard) => {
            shard.postings.forEach((posting, i) => {
              postings[shard.start + i] = posting;
            });
          });
          this.shards.set(n, p);
        }
        return p;
      }),
    );
    return search(loaded, query)?.hits;
  }

  /** The cards of these rows, in order, fetching the fragments not yet seen. */
  async cardsFor(rows: readonly number[]): Promise<HTMLElement[]> {
    const missing = new Set(rows.filter((r) => !this.cards.has(r)).map(chunkOf));
    await Promise.all(
      [...missing].map((n) => {
        let p = this.chunks.get(n);
        if (!p) {
          p = fetchOk(BROWSE_FILES.cards(n))
            .then((r) => r.text())
            .then((html) => {
              const doc = new DOMParser().parseFromString(html, "text/html");
              for (const li of doc.querySelectorAll<HTMLElement>("li[data-row]")) {
                const row = Number(li.dataset.row);
                if (!this.cards.has(row)) this.cards.set(row, document.importNode(li, true));
              }
            });
          this.chunks.set(n, p);
        }
        return p;
      }),
    );
    return rows.flatMap((r) => this.cards.get(r) ?? []);
  }

  private async checked<T extends { catalog_sha256: string }>(path: string): Promise<T> {
    const [head, file] = await Promise.all([this.head(), getJson<T>(path)]);
    if (file.catalog_sha256 !== head.catalog_sha256) throw new StaleData(path);
    return file;
  }
}

async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(path);
  if (!response.ok) throw new StaleData(`${path}: HTTP ${response.status}`);
  return response;
}

async function getJson<T>(path: string): Promise<T> {
  return (await fetchOk(path)).json() as Promise<T>;
}
