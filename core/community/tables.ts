import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The seed's DynamoDB tables. Names get an optional prefix (CWS_TABLE_PREFIX) so several
 * environments can share an account. Keys are chosen for the access patterns noted on each.
 */
export const TABLES = {
  /** One item per template: catalog fields (written by publish) and community counters (written by sync-stats). */
  communityTemplates: "community-templates",
  /**
   * Reviews: PK template_id, SK reviewer; item attributes follow schemas/review.schema.json, plus
   * `version` (optimistic edits), `helpful_voters` (string set: one vote per voter), `reply`
   * (the publisher's answer) and moderation notes, which the build never reads.
   */
  templateReviews: "template-reviews",
  /** Usage events, one item per idempotency key (the community API). The event log is the source of truth for usage. */
  usageAnalytics: "usage-analytics",
  /** Which templates each user authors or owns: PK user, SK template_id. */
  userPublications: "user-publications",
  /**
   * Daily usage rollups per template (PK template_id, SK day YYYY-MM-DD): counted events and
   * distinct active users, added to by the API as events are counted, and recounted from the event
   * log by sync-stats once a day is final (sealed_at).
   */
  usageDaily: "usage-daily",
  /**
   * The evidence behind a review's verified_usage (PK user, SK template_id): when a launch and then
   * its success were recorded. `user` is the IAM principal in Lambda mode, else the handle.
   */
  userUsage: "user-usage",
  /**
   * What one user's events counted per template per day (PK user, SK template_day
   * "<template_id>/<YYYY-MM-DD>"): the conditional counter behind the counting limits.
   */
  userDailyUsage: "user-daily-usage",
  /** Reports of templates and reviews (PK report_id); the status-index GSI is the moderation queue. */
  communityReports: "community-reports",
} as const;

export type TableKey = keyof typeof TABLES;

/**
 * Tables whose items expire (DynamoDB TTL attribute): the event log, once its days are sealed into
 * usage-daily, and the per-user daily counters, once their day takes no more events.
 */
export const TABLE_TTL: Partial<Record<TableKey, string>> = { usageAnalytics: "expires_at", userDailyUsage: "expires_at" };

export function tableName(key: TableKey, prefix = process.env.CWS_TABLE_PREFIX ?? ""): string {
  return `${prefix}${TABLES[key]}`;
}

/**
 * Attributes of a community-templates item. Catalog attributes are overwritten by publish with
 * SET; counters are only ever written by `npm run sync-stats` (SET, recomputed from the source
 * tables: template-reviews, usage-analytics, usage-daily). The API never writes this table, so
 * the writers own disjoint attributes and never clobber each other.
 *
 * rating_count and rating_sum are weighted (core/spec/ratings.ts): Σ weight and Σ weight·stars
 * over visible reviews, a review with verified_usage weighing more. `reviews` and
 * `rating_histogram` count visible reviews unweighted.
 */
export const COMMUNITY_COUNTERS = [
  "rating_count",
  "rating_sum",
  "reviews",
  "downloads",
  "launches",
  "launch_successes",
  "launch_failures",
  "forks",
  "trending_7d",
  "trending_30d",
] as const;
export type CommunityCounter = (typeof COMMUNITY_COUNTERS)[number];

/** Rating histogram attribute: a map from "1".."5" to counts. */
export const RATING_HISTOGRAM = "rating_histogram";

/**
 * The catalog attributes of a community-templates item, projected by publish from a published
 * metadata.json (core/deploy/catalog-record.ts). Counters with the same names in
 * PublishedTemplate (downloads, reviews) are deliberately absent: sync-stats owns them.
 */
export const CATALOG_ATTRIBUTES = [
  "template_id",
  "name",
  "description",
  "author",
  "owners",
  "version",
  "category",
  "tags",
  "architecture",
  "regions",
  "visibility",
  "maintenance_status",
  "last_updated",
] as const;
export type CatalogAttribute = (typeof CATALOG_ATTRIBUTES)[number];

/** The catalog attributes that are lists of strings; every other one is a string. */
export const CATALOG_LIST_ATTRIBUTES = ["owners", "tags", "architecture", "regions"] as const satisfies readonly CatalogAttribute[];
export type CatalogListAttribute = (typeof CATALOG_LIST_ATTRIBUTES)[number];
export type CatalogItem = Record<Exclude<CatalogAttribute, CatalogListAttribute>, string> & Record<CatalogListAttribute, string[]>;

const counterNames: ReadonlySet<string> = new Set([...COMMUNITY_COUNTERS, RATING_HISTOGRAM]);
const clash = CATALOG_ATTRIBUTES.filter((a) => counterNames.has(a));
// A bug, not an input problem: fail at load so no publish can ever overwrite a counter.
if (clash.length > 0) throw new Error(`catalog attributes overlap community counters: ${clash.join(", ")}`);

/** Further community-templates attributes written by sync-stats (not read by the build). */
export const SYNC_ATTRIBUTES = [
  /** Last day (YYYY-MM-DD) whose usage-daily bucket is final; later days are counted from the event log. */
  "usage_sealed_through",
  /** When sync-stats last wrote the counters (RFC 3339). */
  "stats_synced_at",
] as const;

/** A key: partition attribute, optionally a sort attribute. Every key attribute here is a string. */
type Key = [hash: string, range?: string];

/** A pay-per-request table whose attribute definitions are derived from its key and indexes. */
function table(name: string, key: Key, indexes: Record<string, Key> = {}): CreateTableCommandInput {
  const schema = ([hash, range]: Key) => [
    { AttributeName: hash, KeyType: "HASH" as const },
    ...(range ? [{ AttributeName: range, KeyType: "RANGE" as const }] : []),
  ];
  const attributes = [...new Set([key, ...Object.values(indexes)].flat().filter((a): a is string => a !== undefined))];
  const gsis = Object.entries(indexes).map(([IndexName, k]) => ({ IndexName, KeySchema: schema(k), Projection: { ProjectionType: "ALL" as const } }));
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: "S" as const })),
    KeySchema: schema(key),
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
  };
}

export function tableDefinitions(prefix?: string): CreateTableCommandInput[] {
  const name = (key: TableKey) => tableName(key, prefix);
  return [
    // One review per user per template is a conditional put on this key; reviewer-index lists a user's reviews.
    table(name("templateReviews"), ["template_id", "reviewer"], { "reviewer-index": ["reviewer", "template_id"] }),
    // Keyed by the client's idempotency key, so a retried event is written once; the index gives a template's events in time order.
    table(name("usageAnalytics"), ["event_id"], { "template-time-index": ["template_id", "occurred_at"] }),
    // category-index browses a category without scanning the catalog.
    table(name("communityTemplates"), ["template_id"], { "category-index": ["category", "template_id"] }),
    // template-index finds every user row of a template when its owners change.
    table(name("userPublications"), ["user", "template_id"], { "template-index": ["template_id", "user"] }),
    // Final per-day counts; a window is a range query on one partition.
    table(name("usageDaily"), ["template_id", "day"]),
    // "Has this user launched this template?" is one GetItem.
    table(name("userUsage"), ["user", "template_id"]),
    // One item per user, template and day: a counting limit is one conditional update on it.
    table(name("userDailyUsage"), ["user", "template_day"]),
    // The report id is derived from reporter and target, so a repeated report is a conditional-put failure;
    // status-index is the moderation queue, open reports oldest first.
    table(name("communityReports"), ["report_id"], { "status-index": ["status", "created_at"] }),
  ];
}
