import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";
import { storedReview } from "../community/review-fields.js";
import { COMMUNITY_COUNTERS, RATING_HISTOGRAM, tableName } from "../dynamo/tables.js";
import type { Review } from "../types/generated.js";
import type { TemplateStats } from "./inputs.js";
import { zeroStats } from "./inputs.js";

export interface CommunityData {
  stats: Map<string, TemplateStats>;
  reviews: Map<string, Review[]>;
}

/**
 * Reads the community counters and reviews from DynamoDB. A table that does not exist yet means
 * "no community data", so a fresh marketplace builds with zero stats instead of failing.
 */
export async function readCommunityData(client: DynamoDBClient, prefix?: string): Promise<CommunityData> {
  const doc = DynamoDBDocumentClient.from(client);
  const stats = new Map<string, TemplateStats>();
  for (const item of await scanAll(doc, tableName("communityTemplates", prefix))) {
    const id = item.template_id;
    if (typeof id !== "string") continue;
    const s = zeroStats();
    for (const counter of COMMUNITY_COUNTERS)
      if (counter in s && typeof item[counter] === "number") (s as unknown as Record<string, number>)[counter] = item[counter] as number;
    const hist = item[RATING_HISTOGRAM];
    if (hist && typeof hist === "object") {
      for (const star of ["1", "2", "3", "4", "5"] as const) {
        const n = (hist as Record<string, unknown>)[star];
        if (typeof n === "number") s.rating_histogram[star] = n;
      }
    }
    stats.set(id, s);
  }
  const reviews = new Map<string, Review[]>();
  for (const item of await scanAll(doc, tableName("templateReviews", prefix))) {
    const review = storedReview(item);
    if (typeof review.template_id !== "string") continue;
    reviews.set(review.template_id, [...(reviews.get(review.template_id) ?? []), review]);
  }
  return { stats, reviews };
}

async function scanAll(doc: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  try {
    for await (const page of paginateScan({ client: doc }, { TableName: table })) items.push(...(page.Items ?? []));
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") return [];
    throw error;
  }
  return items;
}
