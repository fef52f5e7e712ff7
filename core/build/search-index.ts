import { packIndex, type SearchField } from "../search/pack-index.js";
import { encodeFixedWidth } from "../spec/packed-format.js";
import type { SearchIndex, TemplateSummary } from "../types/generated.js";

/** Field boosts: a name match outranks a tag match, which outranks description, author and category. */
export const SEARCH_FIELDS: readonly SearchField[] = [
  { name: "name", boost: 10 },
  { name: "tags", boost: 5 },
  { name: "description", boost: 2 },
  { name: "author", boost: 1 },
  { name: "category", boost: 1 },
  { name: "architecture", boost: 1 },
];

/**
 * The packed Lunr index whose refs are row numbers into catalog.json, so the index carries no
 * copy of the metadata and positions stay off (docs/client-spec.md §3.1).
 */
export function buildSearchIndex(templates: readonly TemplateSummary[], catalogSha256: string): SearchIndex {
  const docs = templates.map((t) => ({
    name: t.name,
    // Tags are kebab-case; index "single-cell" as "single cell" too so either query finds it.
    tags: t.tags.map((tag) => `${tag} ${tag.replace(/-/g, " ")}`).join(" "),
    description: t.description,
    author: t.author,
    category: `${t.category} ${t.category.replace(/-/g, " ")}`,
    architecture: t.architecture.join(" "),
  }));
  return {
    ...packIndex(docs, SEARCH_FIELDS, catalogSha256),
    ranking: {
      status: templates.map((t) => (t.maintenance_status === "archived" ? "a" : t.maintenance_status === "deprecated" ? "d" : "-")).join(""),
      rating_bayesian: encodeFixedWidth(templates.map((t) => Math.round(t.rating_bayesian * 100))),
      downloads: encodeFixedWidth(templates.map((t) => t.downloads)),
    },
  };
}
