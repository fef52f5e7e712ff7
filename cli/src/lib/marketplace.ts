import { createHash } from "node:crypto";
import lunr from "lunr";
import type {
  ApiReviews,
  Catalog,
  CategoriesIndex,
  FeaturedIndex,
  PublishedTemplate,
  SearchIndex,
  TemplateSummary,
  TrendingIndex,
} from "../../../core/types/generated.js";
import { closest } from "../../../core/util/edit-distance.js";
import type { CliConfig } from "./config.js";
import { CLI_EXIT, cliError } from "./errors.js";
import { type MarketplaceSource, openSource } from "./tuf-source.js";

export interface Entry {
  summary: TemplateSummary;
  registry: string;
  source: MarketplaceSource;
}

export interface Scored extends Entry {
  score: number;
}

const SPEC_VERSION = 1;
const decoder = new TextDecoder();

/**
 * Every configured registry's verified catalog, merged: when two registries publish the same id,
 * the one with the higher priority wins (an institution's private registry over the public one).
 */
export class Marketplace {
  private constructor(
    readonly entries: Entry[],
    private readonly sources: MarketplaceSource[],
    private readonly catalogs: Map<MarketplaceSource, Catalog>,
  ) {}

  static async open(config: CliConfig): Promise<Marketplace> {
    const entries = new Map<string, Entry>();
    const sources: MarketplaceSource[] = [];
    const catalogs = new Map<MarketplaceSource, Catalog>();
    for (const registry of config.registries) {
      const source = await openSource(registry);
      const catalog = await readJson<Catalog>(source, "indexes/catalog.json");
      if (catalog.spec_version > SPEC_VERSION) {
        throw cliError(
          "SPEC_VERSION",
          `${registry.url} uses client spec v${catalog.spec_version}; this cws understands v${SPEC_VERSION}`,
          "update cws",
          CLI_EXIT.failed,
        );
      }
      sources.push(source);
      catalogs.set(source, catalog);
      for (const summary of catalog.templates) {
        if (!entries.has(summary.template_id)) entries.set(summary.template_id, { summary, registry: registry.name, source });
      }
    }
    return new Marketplace([...entries.values()], sources, catalogs);
  }

  /** Warnings to print: registries served from the offline cache, with their age. */
  warnings(now = Date.now()): string[] {
    return this.sources
      .filter((s) => s.offlineSince !== undefined)
      .map((s) => `offline: ${s.registry.url} is unreachable; showing data verified ${age(s.offlineSince ?? "", now)}`);
  }

  find(id: string): Entry | undefined {
    return this.entries.find((e) => e.summary.template_id === id);
  }

  /** The entry for an exact id, or an error that suggests the closest ids. */
  require(id: string): Entry {
    const entry = this.find(id);
    if (entry) return entry;
    const ids = this.entries.map((e) => e.summary.template_id);
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
    return readJson(entry.source, `templates/${entry.summary.template_id}/metadata.json`);
  }

  async reviews(entry: Entry): Promise<ApiReviews> {
    return readJson(entry.source, `api/v1/marketplace/templates/${entry.summary.template_id}/reviews/index.json`);
  }

  /** Lunr search across registries with prefix and fuzzy matching; scores within a registry's index. */
  async search(query: string): Promise<Scored[]> {
    const terms = lunr
      .tokenizer(query)
      .map((t) => t.toString())
      .filter(Boolean);
    const out: Scored[] = [];
    for (const source of this.sources) {
      const catalog = this.catalogs.get(source);
      if (!catalog) continue;
      const bytes = await source.read("indexes/search-index.json");
      const serialized = JSON.parse(decoder.decode(bytes)) as SearchIndex;
      const catalogHash = createHash("sha256")
        .update(await source.read("indexes/catalog.json"))
        .digest("hex");
      if (serialized.catalog_sha256 !== catalogHash) {
        throw cliError(
          "INDEX_MISMATCH",
          `the search index of ${source.registry.url} belongs to another catalog`,
          "retry; if it persists, report it to the marketplace operators",
          CLI_EXIT.refused,
        );
      }
      const index = lunr.Index.load(serialized.index as unknown as object);
      const hits = index.query((q) => {
        for (const term of terms) {
          q.term(term, { boost: 10 });
          q.term(term, { boost: 3, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
          if (term.length >= 4) q.term(term, { boost: 1, editDistance: 1, usePipeline: false });
        }
      });
      for (const hit of hits) {
        const summary = catalog.templates[Number(hit.ref)];
        const winner = summary && this.find(summary.template_id);
        if (summary && winner?.source === source) out.push({ ...winner, score: hit.score });
      }
    }
    return out;
  }

  async featured(): Promise<FeaturedIndex["featured"]> {
    return this.fromAll<FeaturedIndex, FeaturedIndex["featured"][number]>("indexes/featured.json", (i) => i.featured);
  }

  async trending(window: "7d" | "30d"): Promise<TrendingIndex["windows"]["7d"]> {
    const all = await this.fromAll<TrendingIndex, TrendingIndex["windows"]["7d"][number]>("indexes/trending.json", (i) => i.windows[window]);
    return all.sort((a, b) => b.score - a.score || a.template_id.localeCompare(b.template_id));
  }

  async categories(): Promise<CategoriesIndex["categories"]> {
    const merged = new Map<string, CategoriesIndex["categories"][number]>();
    for (const c of await this.fromAll<CategoriesIndex, CategoriesIndex["categories"][number]>("indexes/categories.json", (i) => i.categories)) {
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

function age(iso: string, now: number): string {
  const hours = Math.max(0, Math.round((now - Date.parse(iso)) / 3_600_000));
  return Number.isNaN(hours) ? "at an unknown time" : hours < 48 ? `${hours} hour${hours === 1 ? "" : "s"} ago` : `${Math.round(hours / 24)} days ago`;
}
