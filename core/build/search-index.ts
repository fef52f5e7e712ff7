import lunr from "lunr";
import type { SearchIndex, TemplateSummary } from "../types/generated.js";

/** Field boosts: a name match outranks a tag match, which outranks description, author and category. */
export const SEARCH_FIELDS = { name: 10, tags: 5, description: 2, author: 1, category: 1 } as const;

/**
 * A Lunr index whose refs are row numbers into catalog.json, so the index carries no copy of
 * the metadata (short refs cut its size roughly in half) and positions stay off.
 */
export function buildSearchIndex(templates: readonly TemplateSummary[], catalogSha256: string): SearchIndex {
  const index = lunr(function () {
    this.ref("row");
    for (const [field, boost] of Object.entries(SEARCH_FIELDS)) this.field(field, { boost });
    templates.forEach((t, row) => {
      this.add({
        row: String(row),
        name: t.name,
        // Tags are kebab-case; index "single-cell" as "single cell" too so either query finds it.
        tags: t.tags.map((tag) => `${tag} ${tag.replace(/-/g, " ")}`).join(" "),
        description: t.description,
        author: t.author,
        category: `${t.category} ${t.category.replace(/-/g, " ")}`,
      });
    });
  });
  return { spec_version: 1, catalog_sha256: catalogSha256, fields: { ...SEARCH_FIELDS }, index: index.toJSON() as unknown as SearchIndex["index"] };
}
