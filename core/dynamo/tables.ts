import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The seed's DynamoDB tables. Names get an optional prefix (CWS_TABLE_PREFIX) so several
 * environments can share an account. Keys are chosen for the access patterns noted on each.
 */
export const TABLES = {
  /** One item per template: catalog fields (written by publish) and community counters (written by the API). */
  communityTemplates: "community-templates",
  /** Reviews: PK template_id, SK reviewer; item attributes follow schemas/review.schema.json. */
  templateReviews: "template-reviews",
  /** Usage events, one item per idempotency key (the community API). */
  usageAnalytics: "usage-analytics",
  /** Which templates each user authors or owns: PK user, SK template_id. */
  userPublications: "user-publications",
} as const;

export type TableKey = keyof typeof TABLES;

export function tableName(key: TableKey, prefix = process.env.CWS_TABLE_PREFIX ?? ""): string {
  return `${prefix}${TABLES[key]}`;
}

/**
 * Attributes of a community-templates item. Catalog attributes are overwritten by publish with
 * SET; counters are only ever changed by the API with ADD, so the two writers never clobber
 * each other.
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
  ];
}
