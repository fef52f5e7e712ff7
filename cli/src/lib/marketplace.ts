import { type LoadedIndex, loadSearchIndex, SearchIndexFormatError } from "../../../core/search/load-packed-index.js";
import { search } from "../../../core/search/query.js";
import { CatalogRows } from "../../../core/spec/catalog-format.js";
import {
  CATALOG_PATH,
  CATEGORIES_PATH,
  FEATURED_PATH,
  reviewsPagePath,
  SEARCH_INDEX_PATH,
  TRENDING_PATH,
  templateMetadataPath,
  templateVersionPath,
  templateVersionsPath,
} from "../../../core/spec/layout.js";
import { readFixedWidth } from "../../../core/spec/packed-format.js";
import type { RankKey } from "../../../core/spec/ranking.js";
import { parseVersionRecord, parseVersionsIndex, VersionsFormatError } from "../../../core/spec/versions-format.js";
import type {
  ApiReviews,
  CategoriesIndex,
  FeaturedIndex,
  PublishedTemplate,
  SearchIndex,
  TemplateSummary,
  TemplateVersion,
  TemplateVersions,
  TrendingIndex,
} from "../../../core/types/generated.js";
import { closest } from "../../../core/util/edit-distance.js";
import type { CliConfig } from "./config.js";
import { CLI_EXIT, cliError } from "./errors.js";
import { type MarketplaceSource, openSource, type SourceOptions } from "./tuf-source.js";

export interface Entry {
  readonly summary: TemplateSummary;
  readonly registry: string;
  readonly source: MarketplaceSource;
}

export interface Scored extends Entry {
  readonly score: number;
  /** How many of the query's words it matched (all of them unless the search was relaxed). */
  readonly words: number;
  /** False for the relaxed stage's hits, which match only some of the words. */
  readonly complete: boolean;
  readonly rank: RankKey;
}

interface LoadedCatalog {
  rows: CatalogRows;
  sha256: string;
}

/** A catalog row that is parsed the first time its summary is read. */
class RowEntry implements Entry {
  constructor(
    private readonly rows: CatalogRows,
    private readonly index: number,
    readonly registry: string,
    readonly source: MarketplaceSource,
  ) {}

  get summary(): TemplateSummary {
    return this.rows.row(this.index);
  }
}

class ScoredEntry implements Scored {
  constructor(
    private readonly entry: Entry,
    readonly score: number,
    readonly words: number,
    readonly complete: boolean,
    readonly rank: RankKey,
  ) {}

  get summary(): TemplateSummary {
    return this.entry.summary;
  }

  get registry(): string {
    return this.entry.registry;
  }

  get source(): MarketplaceSource {
    return this.entry.source;
  }
}

const SPEC_VERSION = 1;
const decoder = new TextDecoder();

/**
 * Every configured registry's verified catalog, merged: when two registries publish the same id,
 * the one with the higher priority wins (an institution's private registry over the public one).
 * Catalog rows are parsed only when a command reads them, so a search of a large catalog parses
 * just the results it shows.
 */
export class Marketplace {
  private constructor(
    private readonly byId: Map<string, Entry>,
    private readonly sources: MarketplaceSource[],
    private readonly catalogs: Map<MarketplaceSource, LoadedCatalog>,
  ) {}

  static async open(config: CliConfig, options: SourceOptions = {}): Promise<Marketplace> {
    const byId = new Map<string, Entry>();
    const sources: MarketplaceSource[] = [];
    const catalogs = new Map<MarketplaceSource, LoadedCatalog>();
    for (const registry of config.registries) {
      const source = await openSource(registry, process.env, options);
      const file = await source.readFile(CATALOG_PATH);
      const rows = CatalogRows.from(file.bytes);
      if (rows.header.spec_version > SPEC_VERSION) {
        throw cliError(
          "SPEC_VERSION",
          `${registry.url} uses client spec v${rows.header.spec_version}; this cws understands v${SPEC_VERSION}`,
          "update cws",
          CLI_EXIT.failed,
        );
      }
      sources.push(source);
      catalogs.set(source, { rows, sha256: file.sha256 });
      for (let i = 0; i < rows.length; i++) {
        const id = rows.id(i);
        if (!byId.has(id)) byId.set(id, new RowEntry(rows, i, registry.name, source));
      }
    }
    return new Marketplace(byId, sources, catalogs);
  }

  /** Every template, the higher-priority registry's copy when two publish the same id. */
  get entries(): Entry[] {
    return [...this.byId.values()];
  }

  /** Warnings to print: registries served from the offline cache, with their age. */
  warnings(now = Date.now()): string[] {
    return this.sources
      .filter((s) => s.offlineSince !== undefined)
      .map((s) => `offline: ${s.registry.url} is unreachable; showing data verified ${age(s.offlineSince ?? "", now)}`);
  }

  find(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** The entry for an exact id, or an error that suggests the closest ids. */
  require(id: string): Entry {
    const entry = this.find(id);
    if (entry) return entry;
    const ids = [...this.byId.keys()];
    const guess = closest(id, ids);
    const prefix = ids.filter((x) => x.includes(id)).slice(0, 3);
    const suggestions = [...new Set([...(guess ? [guess] : []), ...prefix])];
    throw cliError(
      "NOT_FOUND",
      `no template "${id}" in the marketplace`,
      suggestions.length ? `did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?` : 'try `cws marketplace search "<words>"`',
      CLI_EXIT.notFound,
    );
  }

  async record(entry: Entry): Promise<PublishedTemplate & { rating_bayesian?: number }> {
    return readJson(entry.source, templateMetadataPath(entry.summary.template_id));
  }

  /** When the build that signed this entry's catalog ran (the catalog's generated_at). */
  builtAt(entry: Entry): string | undefined {
    return this.catalogs.get(entry.source)?.rows.header.generated_at;
  }

  /** The template's version list (client spec §3.6), verified like every target. */
  async versions(entry: Entry): Promise<TemplateVersions> {
    return readFormat(entry.source, templateVersionsPath(entry.summary.template_id), parseVersionsIndex);
  }

  /**
   * One version's record, verified like every target: an old version is trusted exactly as the
   * latest. A signed record that names another template or version is refused, never shown.
   */
  async versionRecord(entry: Entry, version: string): Promise<TemplateVersion> {
    const id = entry.summary.template_id;
    const record = await readFormat(entry.source, templateVersionPath(id, version), parseVersionRecord);
    if (record.template_id !== id || record.version !== version) {
      throw cliError(
        "INDEX_MISMATCH",
        `the record for ${id}@${version} names ${record.template_id}@${record.version}`,
        "report it to the marketplace operators",
        CLI_EXIT.refused,
      );
    }
    return record;
  }

  async reviews(entry: Entry): Promise<ApiReviews> {
    return readJson(entry.source, reviewsPagePath(entry.summary.template_id));
  }

  /**
   * Searches every registry's packed Lunr index word by word (core/search/query.ts, the same
   * semantics as the catalog site); scores are comparable within a registry's index only.
   */
  async search(query: string): Promise<Scored[]> {
    const out: Scored[] = [];
    for (const source of this.sources) {
      const catalog = this.catalogs.get(source);
      if (!catalog) continue;
      const serialized = await readJson<SearchIndex>(source, SEARCH_INDEX_PATH);
      if (serialized.catalog_sha256 !== catalog.sha256 || serialized.documents !== catalog.rows.length) {
        throw cliError(
          "INDEX_MISMATCH",
          `the search index of ${source.registry.url} belongs to another catalog`,
          "retry; if it persists, report it to the marketplace operators",
          CLI_EXIT.refused,
        );
      }
      let index: LoadedIndex;
      try {
        index = loadSearchIndex(serialized);
      } catch (error) {
        if (!(error instanceof SearchIndexFormatError)) throw error;
        throw cliError("SPEC_VERSION", `${source.registry.url} serves a search index this cws cannot read: ${error.message}`, "update cws", CLI_EXIT.failed);
      }
      const { ranking } = serialized;
      const result = search(index, query);
      for (const [row, { score, words }] of result?.hits ?? []) {
        const id = catalog.rows.id(row);
        const winner = this.byId.get(id);
        if (winner?.source !== source) continue;
        const rank = {
          template_id: id,
          rating_bayesian: readFixedWidth(ranking.rating_bayesian, row) / 100,
          downloads: readFixedWidth(ranking.downloads, row),
          archived: ranking.status[row] === "a",
        };
        out.push(new ScoredEntry(winner, score, words, words === result?.words, rank));
      }
    }
    return out;
  }

  async featured(): Promise<FeaturedIndex["featured"]> {
    return this.fromAll<FeaturedIndex, FeaturedIndex["featured"][number]>(FEATURED_PATH, (i) => i.featured);
  }

  async trending(window: "7d" | "30d"): Promise<TrendingIndex["windows"]["7d"]> {
    const all = await this.fromAll<TrendingIndex, TrendingIndex["windows"]["7d"][number]>(TRENDING_PATH, (i) => i.windows[window]);
    return all.sort((a, b) => b.score - a.score || a.template_id.localeCompare(b.template_id));
  }

  async categories(): Promise<CategoriesIndex["categories"]> {
    const merged = new Map<string, CategoriesIndex["categories"][number]>();
    for (const c of await this.fromAll<CategoriesIndex, CategoriesIndex["categories"][number]>(CATEGORIES_PATH, (i) => i.categories)) {
      const seen = merged.get(c.id);
      merged.set(c.id, seen ? { ...seen, count: seen.count + c.count } : c);
    }
    return [...merged.values()];
  }

  private async fromAll<T, R>(path: string, pick: (index: T) => R[]): Promise<R[]> {
    const out: R[] = [];
    for (const source of this.sources) out.push(...pick(await readJson<T>(source, path)));
    return out;
  }
}

async function readJson<T>(source: MarketplaceSource, path: string): Promise<T> {
  return JSON.parse(decoder.decode(await source.read(path))) as T;
}

async function readFormat<T>(source: MarketplaceSource, path: string, parse: (bytes: Uint8Array) => T): Promise<T> {
  const bytes = await source.read(path);
  try {
    return parse(bytes);
  } catch (error) {
    if (!(error instanceof VersionsFormatError)) throw error;
    throw cliError("SPEC_VERSION", `${source.registry.url} serves ${path} in a form this cws cannot read: ${error.message}`, "update cws", CLI_EXIT.failed);
  }
}

function age(iso: string, now: number): string {
  const hours = Math.max(0, Math.round((now - Date.parse(iso)) / 3_600_000));
  return Number.isNaN(hours) ? "at an unknown time" : hours < 48 ? `${hours} hour${hours === 1 ? "" : "s"} ago` : `${Math.round(hours / 24)} days ago`;
}
