import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Schema files in schemas/, by short name. They are the one source of truth for data shapes. */
export const SCHEMA_FILES = {
  template: "template.schema.json",
  publishedTemplate: "published-template.schema.json",
  categories: "categories.schema.json",
  featured: "featured.schema.json",
  review: "review.schema.json",
  usageEvent: "usage-event.schema.json",
  catalog: "catalog.schema.json",
  categoriesIndex: "categories-index.schema.json",
  featuredIndex: "featured-index.schema.json",
  trendingIndex: "trending-index.schema.json",
  searchIndex: "search-index.schema.json",
  apiTemplateList: "api-template-list.schema.json",
  apiReviews: "api-reviews.schema.json",
  amiState: "ami-state.schema.json",
  validationTests: "validation-tests.schema.json",
  discovery: "discovery.schema.json",
} as const;

export type SchemaName = keyof typeof SCHEMA_FILES;

export const SCHEMAS_DIR = fileURLToPath(new URL("../../schemas/", import.meta.url));

export interface JsonSchema {
  $id: string;
  title?: string;
  [key: string]: unknown;
}

let cache: Map<SchemaName, JsonSchema> | undefined;

/** Loads every schema once; they ship with the code, so a failure here is a packaging bug. */
export function loadSchemas(): Map<SchemaName, JsonSchema> {
  if (cache) return cache;
  cache = new Map();
  for (const [name, file] of Object.entries(SCHEMA_FILES) as [SchemaName, string][]) {
    cache.set(name, JSON.parse(readFileSync(SCHEMAS_DIR + file, "utf8")) as JsonSchema);
  }
  return cache;
}
