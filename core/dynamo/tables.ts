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
  /** Daily usage buckets per template (PK template_id, SK day YYYY-MM-DD), written by sync-stats once a day is final. */
  usageDaily: "usage-daily",
  /** Which templates each user has used (PK user, SK template_id): the evidence behind a review's verified_usage. */
  userUsage: "user-usage",
  /** Reports of templates and reviews (PK report_id); the status-index GSI is the moderation queue. */
  communityReports: "community-reports",
} as const;

export type TableKey = keyof typeof TABLES;

/** Tables whose items expire (DynamoDB TTL attribute): the event log, once its days are sealed into usage-daily. */
export const TABLE_TTL: Partial<Record<TableKey, string>> = { usageAnalytics: "expires_at" };

export function tableName(key: TableKey, prefix = process.env.CWS_TABLE_PREFIX ?? ""): string {
  return `${prefix}${TABLES[key]}`;
}

/**
 * Attributes of a community-templates item. Catalog attributes are overwritten by publish with
 * SET; counters are only ever written by `npm run sync-stats` (SET, recomputed from the source
 * tables: template-reviews, usage-analytics, usage-daily). The API never writes this table, so
 * the writers own disjoint attributes and never clobber each other.
 *
 * rating_count and rating_sum are weighted (core/build/ratings.ts): Σ weight and Σ weight·stars
 * over visible reviews, a review by someone with a recorded launch weighing more. `reviews` and
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

/** Further community-templates attributes written by sync-stats (not read by the build). */
export const SYNC_ATTRIBUTES = [
  /** Last day (YYYY-MM-DD) whose usage-daily bucket is final; later days are counted from the event log. */
  "usage_sealed_through",
  /** When sync-stats last wrote the counters (RFC 3339). */
  "stats_synced_at",
] as const;

export function tableDefinitions(prefix?: string): CreateTableCommandInput[] {
  return [
    {
      // One review per user per template is a conditional put on this key.
      TableName: tableName("templateReviews", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "template_id", AttributeType: "S" },
        { AttributeName: "reviewer", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "template_id", KeyType: "HASH" },
        { AttributeName: "reviewer", KeyType: "RANGE" },
      ],
      // A user's reviews across templates.
      GlobalSecondaryIndexes: [
        {
          IndexName: "reviewer-index",
          KeySchema: [
            { AttributeName: "reviewer", KeyType: "HASH" },
            { AttributeName: "template_id", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
    {
      // Keyed by the client's idempotency key, so a retried event is written once.
      TableName: tableName("usageAnalytics", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "event_id", AttributeType: "S" },
        { AttributeName: "template_id", AttributeType: "S" },
        { AttributeName: "occurred_at", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "event_id", KeyType: "HASH" }],
      // A template's events in time order, for analytics and trending windows.
      GlobalSecondaryIndexes: [
        {
          IndexName: "template-time-index",
          KeySchema: [
            { AttributeName: "template_id", KeyType: "HASH" },
            { AttributeName: "occurred_at", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
    {
      TableName: tableName("communityTemplates", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "template_id", AttributeType: "S" },
        { AttributeName: "category", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "template_id", KeyType: "HASH" }],
      // Browse a category without scanning the catalog.
      GlobalSecondaryIndexes: [
        {
          IndexName: "category-index",
          KeySchema: [
            { AttributeName: "category", KeyType: "HASH" },
            { AttributeName: "template_id", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
    {
      TableName: tableName("userPublications", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "user", AttributeType: "S" },
        { AttributeName: "template_id", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "user", KeyType: "HASH" },
        { AttributeName: "template_id", KeyType: "RANGE" },
      ],
      // Find every user row of a template when its owners change.
      GlobalSecondaryIndexes: [
        {
          IndexName: "template-index",
          KeySchema: [
            { AttributeName: "template_id", KeyType: "HASH" },
            { AttributeName: "user", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
    {
      // Final per-day counts; a window is a range query on one partition.
      TableName: tableName("usageDaily", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "template_id", AttributeType: "S" },
        { AttributeName: "day", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "template_id", KeyType: "HASH" },
        { AttributeName: "day", KeyType: "RANGE" },
      ],
    },
    {
      // "Has this user launched this template?" is one GetItem.
      TableName: tableName("userUsage", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "user", AttributeType: "S" },
        { AttributeName: "template_id", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "user", KeyType: "HASH" },
        { AttributeName: "template_id", KeyType: "RANGE" },
      ],
    },
    {
      // The report id is derived from reporter and target, so a repeated report is a conditional-put failure.
      TableName: tableName("communityReports", prefix),
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "report_id", AttributeType: "S" },
        { AttributeName: "status", AttributeType: "S" },
        { AttributeName: "created_at", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "report_id", KeyType: "HASH" }],
      // The moderation queue: open reports, oldest first.
      GlobalSecondaryIndexes: [
        {
          IndexName: "status-index",
          KeySchema: [
            { AttributeName: "status", KeyType: "HASH" },
            { AttributeName: "created_at", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
  ];
}
