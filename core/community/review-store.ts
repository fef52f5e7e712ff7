import { GetCommand, PutCommand, UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import type { CommunityReview, Review } from "../types/generated.js";
import { pickReviewFields, storedReview } from "./review-fields.js";
import { failedCondition, queryAll, scanAll, type Tables, written } from "./table-access.js";

/** Most helpful voters one review keeps (its voter set lives on the review item, capped well below 400 KB). */
export const MAX_VOTERS = 5000;

/** A review item: review.schema.json fields plus what only the store needs. */
export interface ReviewItem extends Review {
  version: number;
  status: "visible" | "hidden";
  reply?: CommunityReview["reply"];
  helpful_voters?: Set<string>;
  /** The IAM principal (Lambda mode) behind the reviewer handle. */
  principal?: string;
  moderation?: { action: "hidden" | "restored"; by: string; at: string; note?: string };
}

/** What the API serves of a review item: never the voter set, principal or moderation notes. */
export function publicReview(item: ReviewItem): CommunityReview {
  const out = pickReviewFields(item);
  out.status = item.status ?? "visible";
  out.helpful_votes = typeof item.helpful_votes === "number" ? item.helpful_votes : 0;
  out.version = typeof item.version === "number" ? item.version : 1;
  if (item.reply) out.reply = item.reply;
  return out as unknown as CommunityReview;
}

type ReviewUpdate = Pick<UpdateCommandInput, "UpdateExpression" | "ConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues">;

/**
 * The one reader and writer of template-reviews: reviews, the publisher's replies, moderation
 * status, verified_usage and helpful votes (the voter set lives on the review item). Every write
 * that must happen at most once is one conditional write on the review's (template, reviewer) key.
 */
export class ReviewStore {
  constructor(private readonly t: Tables) {}

  /** Conditional put: false when this reviewer already reviewed the template. */
  async createReview(item: ReviewItem): Promise<boolean> {
    return written(
      this.t.doc.send(new PutCommand({ TableName: this.t.table("templateReviews"), Item: item, ConditionExpression: "attribute_not_exists(reviewer)" })),
    );
  }

  async getReview(templateId: string, reviewer: string): Promise<ReviewItem | undefined> {
    const out = await this.t.doc.send(
      new GetCommand({ TableName: this.t.table("templateReviews"), Key: { template_id: templateId, reviewer }, ConsistentRead: true }),
    );
    return out.Item as ReviewItem | undefined;
  }

  async reviewsOf(templateId: string): Promise<ReviewItem[]> {
    const items = await queryAll(this.t.doc, {
      TableName: this.t.table("templateReviews"),
      KeyConditionExpression: "template_id = :t",
      ExpressionAttributeValues: { ":t": templateId },
    });
    return items as unknown as ReviewItem[];
  }

  /**
   * The author's edit, applied only if the stored version is still `expected`. Returns the new
   * item, or why not: missing, or a conflict carrying the current version.
   */
  async editReview(
    templateId: string,
    reviewer: string,
    expected: number,
    changes: Partial<Pick<ReviewItem, "rating" | "title" | "content" | "use_case" | "template_version" | "verified_usage">>,
    now: string,
  ): Promise<{ item: ReviewItem } | { missing: true } | { conflict: number }> {
    const names: Record<string, string> = { "#v": "version", "#u": "updated_at" };
    const values: Record<string, unknown> = { ":expected": expected, ":one": 1, ":now": now };
    const sets = ["#u = :now", "#v = #v + :one"];
    for (const [i, [key, value]] of Object.entries(changes).entries()) {
      if (value === undefined) continue;
      names[`#c${i}`] = key;
      values[`:c${i}`] = value;
      sets.push(`#c${i} = :c${i}`);
    }
    const item = await this.update(templateId, reviewer, {
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "attribute_exists(reviewer) AND #v = :expected",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    if (item) return { item };
    const current = await this.getReview(templateId, reviewer);
    return current ? { conflict: current.version ?? 1 } : { missing: true };
  }

  /** Adds the voter to the review's voter set and counts the vote, atomically and at most once. */
  async vote(templateId: string, reviewer: string, voter: string): Promise<{ votes: number } | { refused: "missing" | "duplicate" | "full" }> {
    const item = await this.update(templateId, reviewer, {
      UpdateExpression: "ADD helpful_voters :voters, helpful_votes :one",
      ConditionExpression:
        "attribute_exists(reviewer) AND (attribute_not_exists(#s) OR #s <> :hidden) AND (attribute_not_exists(helpful_voters) OR (NOT contains(helpful_voters, :voter) AND size(helpful_voters) < :max))",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":voters": new Set([voter]), ":voter": voter, ":one": 1, ":hidden": "hidden", ":max": MAX_VOTERS },
    });
    if (item) return { votes: Number(item.helpful_votes ?? 0) };
    const current = await this.getReview(templateId, reviewer);
    if (!current || current.status === "hidden") return { refused: "missing" };
    return { refused: current.helpful_voters?.has(voter) ? "duplicate" : "full" };
  }

  /** Takes the voter's vote back; refused when they had not voted. */
  async unvote(templateId: string, reviewer: string, voter: string): Promise<{ votes: number } | { refused: "missing" | "not-voted" }> {
    const item = await this.update(templateId, reviewer, {
      UpdateExpression: "DELETE helpful_voters :voters ADD helpful_votes :minus",
      ConditionExpression: "attribute_exists(reviewer) AND (attribute_not_exists(#s) OR #s <> :hidden) AND contains(helpful_voters, :voter)",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":voters": new Set([voter]), ":voter": voter, ":minus": -1, ":hidden": "hidden" },
    });
    if (item) return { votes: Number(item.helpful_votes ?? 0) };
    const current = await this.getReview(templateId, reviewer);
    return { refused: !current || current.status === "hidden" ? "missing" : "not-voted" };
  }

  /** Sets (or, with undefined, removes) the publisher's reply; undefined when the review is gone. */
  setReply(templateId: string, reviewer: string, reply: ReviewItem["reply"] | undefined): Promise<ReviewItem | undefined> {
    return this.update(templateId, reviewer, {
      UpdateExpression: reply ? "SET reply = :r" : "REMOVE reply",
      ConditionExpression: "attribute_exists(reviewer)",
      ...(reply ? { ExpressionAttributeValues: { ":r": reply } } : {}),
    });
  }

  /** Moderation: hides or restores a review. Returns the updated item, or undefined when missing. */
  setReviewStatus(templateId: string, reviewer: string, status: "visible" | "hidden", by: string, at: string, note?: string): Promise<ReviewItem | undefined> {
    const moderation = { action: status === "hidden" ? "hidden" : "restored", by, at, ...(note ? { note } : {}) };
    return this.update(templateId, reviewer, {
      UpdateExpression: "SET #s = :s, moderation = :m",
      ConditionExpression: "attribute_exists(reviewer)",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": status, ":m": moderation },
    });
  }

  /** sync-stats: a review becomes verified once its author's evidence is old enough (core/community/usage-store.ts). */
  async markVerified(templateId: string, reviewer: string): Promise<boolean> {
    const item = await this.update(templateId, reviewer, {
      UpdateExpression: "SET verified_usage = :t",
      ConditionExpression: "attribute_exists(reviewer) AND verified_usage = :f",
      ExpressionAttributeValues: { ":t": true, ":f": false },
    });
    return item !== undefined;
  }

  /** One conditional update of a review item: the new item, or undefined when the condition failed. */
  private async update(templateId: string, reviewer: string, update: ReviewUpdate): Promise<ReviewItem | undefined> {
    try {
      const out = await this.t.doc.send(
        new UpdateCommand({ TableName: this.t.table("templateReviews"), Key: { template_id: templateId, reviewer }, ...update, ReturnValues: "ALL_NEW" }),
      );
      return out.Attributes as ReviewItem;
    } catch (error) {
      if (failedCondition(error)) return undefined;
      throw error;
    }
  }

  /** The build's read: every template's reviews as review.schema.json has them. */
  async allReviews(): Promise<Map<string, Review[]>> {
    const reviews = new Map<string, Review[]>();
    for (const item of await scanAll(this.t.doc, this.t.table("templateReviews"))) {
      const review = storedReview(item);
      if (typeof review.template_id !== "string") continue;
      reviews.set(review.template_id, [...(reviews.get(review.template_id) ?? []), review]);
    }
    return reviews;
  }
}
