import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Schema files in schemas/, by short name. They are the one source of truth for data shapes. */
export const SCHEMA_FILES = {
  template: "template.schema.json",
  publishedTemplate: "published-template.schema.json",
  categories: "categories.schema.json",
  featured: "featured.schema.json",
  maintainers: "maintainers.schema.json",
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
  // Every published version of a template (docs/client-spec.md §3.6).
  templateVersion: "template-version.schema.json",
  templateVersions: "template-versions.schema.json",
  // The live community API (apps/api): requests, answers and the moderation queue.
  apiError: "api-error.schema.json",
  reviewInput: "review-input.schema.json",
  reviewUpdate: "review-update.schema.json",
  reviewReplyInput: "review-reply-input.schema.json",
  apiReview: "api-review.schema.json",
  apiReviewList: "api-review-list.schema.json",
  apiReviewQuery: "api-review-query.schema.json",
  apiVote: "api-vote.schema.json",
  reportInput: "report-input.schema.json",
  report: "report.schema.json",
  usageReceipt: "usage-receipt.schema.json",
  apiAnalytics: "api-analytics.schema.json",
  apiCommunityTemplate: "api-community-template.schema.json",
  apiCommunityTemplateList: "api-community-template-list.schema.json",
  apiTemplateQuery: "api-template-query.schema.json",
  // Registry changes through the API (POST/PUT/DELETE templates, fork): the same operations as the CLI.
  registryPublishInput: "registry-publish-input.schema.json",
  registryUpdateInput: "registry-update-input.schema.json",
  registryUnpublishInput: "registry-unpublish-input.schema.json",
  registryForkInput: "registry-fork-input.schema.json",
  registryChangeQuery: "registry-change-query.schema.json",
  registryChangeResult: "registry-change-result.schema.json",
  // The local registry's pull requests (npm start only; production opens them on GitHub).
  localPullRequest: "local-pull-request.schema.json",
  localPullRequestList: "local-pull-request-list.schema.json",
  localPullRequestInput: "local-pull-request-input.schema.json",
} as const;

export type SchemaName = keyof typeof SCHEMA_FILES;

// CWS_SCHEMAS_DIR serves bundles (the API Lambda) that ship schemas/ beside their code.
export const SCHEMAS_DIR = process.env.CWS_SCHEMAS_DIR
  ? `${process.env.CWS_SCHEMAS_DIR.replace(/\/$/, "")}/`
  : fileURLToPath(new URL("../../schemas/", import.meta.url));

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
