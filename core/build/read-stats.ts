import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CommunityStore } from "../community/store.js";
import type { TemplateStats } from "../spec/ratings.js";
import type { Review } from "../types/generated.js";

export interface CommunityData {
  stats: Map<string, TemplateStats>;
  reviews: Map<string, Review[]>;
}

/**
 * Reads the community counters and reviews through the community stores. A table that does not
 * exist yet means "no community data", so a fresh marketplace builds with zero stats instead of failing.
 */
export async function readCommunityData(client: DynamoDBClient, prefix?: string): Promise<CommunityData> {
  const store = new CommunityStore(client, prefix);
  const [stats, reviews] = await Promise.all([orEmpty(store.catalog.allStats()), orEmpty(store.reviews.allReviews())]);
  return { stats, reviews };
}

async function orEmpty<V>(read: Promise<Map<string, V>>): Promise<Map<string, V>> {
  try {
    return await read;
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") return new Map();
    throw error;
  }
}
