import { loadSchemas } from "../schema/schemas.js";
import type { Review } from "../types/generated.js";

/**
 * The fields of a published review, taken from schemas/review.schema.json so the build, the API
 * and sync-stats can never disagree about what leaves the table (voter sets, principals and
 * moderation notes stay in DynamoDB).
 */
export const REVIEW_FIELDS: readonly string[] = Object.keys((loadSchemas().get("review")?.properties ?? {}) as Record<string, unknown>);

/** The review.schema.json view of a stored review item. */
export function storedReview(item: object): Review {
  return pickReviewFields(item) as unknown as Review;
}

/** Only the published fields of an item, whatever else it stores. */
export function pickReviewFields(item: object): Record<string, unknown> {
  const source = item as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const f of REVIEW_FIELDS) if (source[f] !== undefined) out[f] = source[f];
  return out;
}
