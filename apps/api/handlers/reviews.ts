import { newReviewId } from "../../../core/community/ids.js";
import { publicReview, type ReviewItem } from "../../../core/community/review-store.js";
import { aggregateReviews, ratingsOf } from "../../../core/community/stats.js";
import { isoSeconds } from "../../../core/community/time.js";
import { evidenceOwner } from "../../../core/community/usage-store.js";
import { apiPath } from "../../../core/spec/layout.js";
import type { CommunityReview, ReviewInput, ReviewList, ReviewQuery, ReviewReplyInput, ReviewUpdate, VoteResult } from "../../../core/types/generated.js";
import { PERSONAL } from "../cache-control.js";
import { type Handler, isPublisher, page, type RequestContext, reply, requireCaller, requireTemplate } from "../context.js";
import { ApiError } from "../errors.js";

const notFound = (r: RequestContext) =>
  new ApiError(404, "REVIEW_NOT_FOUND", `no review of ${r.params.id} by ${r.params.reviewer}`, {
    hint: `GET ${apiPath("/templates/{id}/reviews")} lists them`,
  });

const ORDER: Record<NonNullable<ReviewQuery["sort"]>, (a: ReviewItem, b: ReviewItem) => number> = {
  newest: (a, b) => (a.created_at > b.created_at ? -1 : a.created_at < b.created_at ? 1 : 0),
  oldest: (a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0),
  helpful: (a, b) => (b.helpful_votes ?? 0) - (a.helpful_votes ?? 0) || ORDER.newest(a, b),
  rating_high: (a, b) => b.rating - a.rating || ORDER.newest(a, b),
  rating_low: (a, b) => a.rating - b.rating || ORDER.newest(a, b),
};

export const listReviews: Handler = async (r) => {
  await requireTemplate(r);
  const q = r.query as ReviewQuery;
  const visible = (await r.store.reviews.reviewsOf(r.params.id ?? "")).filter((i) => i.status !== "hidden");
  const aggregate = aggregateReviews(visible);
  const order = ORDER[q.sort ?? "newest"];
  const shown = visible.filter((i) => q.verified !== "true" || i.verified_usage).sort((a, b) => order(a, b) || (a.review_id < b.review_id ? -1 : 1));
  const { rows, next } = page(shown, q as Record<string, unknown>);
  const body: ReviewList = {
    template_id: r.params.id ?? "",
    ...ratingsOf(aggregate),
    total: aggregate.reviews,
    verified_total: aggregate.verified,
    rating_histogram: aggregate.rating_histogram,
    reviews: rows.map(publicReview),
    ...(next ? { next_cursor: next } : {}),
  };
  return reply(r, 200, body);
};

export const createReview: Handler = async (r) => {
  const caller = requireCaller(r);
  const template = await requireTemplate(r);
  const id = String(template.template_id);
  if (isPublisher(template, caller.handle))
    throw new ApiError(403, "OWN_TEMPLATE", `you publish ${id}, so you cannot review it`, {
      hint: "reply to reviews instead (PUT .../reviews/{reviewer}/reply)",
    });
  const input = r.body as ReviewInput;
  const now = isoSeconds(r.now);
  const item: ReviewItem = {
    review_id: newReviewId(r.now),
    template_id: id,
    ...(input.template_version ? { template_version: input.template_version } : {}),
    reviewer: caller.handle,
    rating: input.rating,
    title: input.title,
    content: input.content,
    ...(input.use_case ? { use_case: input.use_case } : {}),
    verified_usage: await r.store.usage.isVerified(evidenceOwner(caller.handle, caller.principal), id, r.now),
    helpful_votes: 0,
    status: "visible",
    created_at: now,
    version: 1,
    ...(caller.principal ? { principal: caller.principal } : {}),
  };
  if (!(await r.store.reviews.createReview(item)))
    throw new ApiError(409, "REVIEW_EXISTS", `you already reviewed ${id}; there is one review per user per template`, {
      hint: `edit it instead: GET then PUT ${apiPath(`/templates/${id}/reviews/${caller.handle}`)} with its version`,
    });
  return reply(r, 201, publicReview(item), { location: apiPath(`/templates/${id}/reviews/${caller.handle}`) });
};

export const getReview: Handler = async (r) => {
  await requireTemplate(r);
  const item = await r.store.reviews.getReview(r.params.id ?? "", r.params.reviewer ?? "");
  if (!item || (item.status === "hidden" && r.caller?.handle !== item.reviewer)) throw notFound(r);
  // Only its author sees a hidden review: a shared cache must not keep that answer.
  return reply(r, 200, publicReview(item), item.status === "hidden" ? { "cache-control": PERSONAL } : {});
};

export const updateReview: Handler = async (r) => {
  const caller = requireCaller(r);
  const reviewer = r.params.reviewer ?? "";
  if (caller.handle !== reviewer) throw new ApiError(403, "NOT_AUTHOR", "only the author of a review may edit it");
  const template = await requireTemplate(r);
  const id = String(template.template_id);
  const { version, ...changes } = r.body as ReviewUpdate;
  // Evidence that has come of age since the review was written makes it verified; evidence never goes away.
  const verified = await r.store.usage.isVerified(evidenceOwner(caller.handle, caller.principal), id, r.now);
  const outcome = await r.store.reviews.editReview(id, reviewer, version, { ...changes, ...(verified ? { verified_usage: true } : {}) }, isoSeconds(r.now));
  if ("missing" in outcome) throw notFound(r);
  if ("conflict" in outcome)
    throw new ApiError(409, "VERSION_CONFLICT", `the review changed since version ${version}; it is now at version ${outcome.conflict}`, {
      current_version: outcome.conflict,
      hint: "GET the review, apply your change to what it says now, and PUT again with its version",
    });
  return reply(r, 200, publicReview(outcome.item));
};

function voteResult(r: RequestContext, votes: number, voted: boolean): VoteResult {
  return { template_id: r.params.id ?? "", reviewer: r.params.reviewer ?? "", helpful_votes: votes, voted };
}

export const voteReview: Handler = async (r) => {
  const caller = requireCaller(r);
  if (caller.handle === r.params.reviewer) throw new ApiError(403, "OWN_REVIEW", "you cannot vote on your own review");
  await requireTemplate(r);
  const outcome = await r.store.reviews.vote(r.params.id ?? "", r.params.reviewer ?? "", caller.handle);
  if ("refused" in outcome) {
    if (outcome.refused === "missing") throw notFound(r);
    if (outcome.refused === "duplicate") throw new ApiError(409, "ALREADY_VOTED", "you already marked this review helpful; one vote per voter");
    throw new ApiError(409, "VOTE_LIMIT", "this review has the most helpful votes one review keeps");
  }
  return reply(r, 201, voteResult(r, outcome.votes, true));
};

export const unvoteReview: Handler = async (r) => {
  const caller = requireCaller(r);
  await requireTemplate(r);
  const outcome = await r.store.reviews.unvote(r.params.id ?? "", r.params.reviewer ?? "", caller.handle);
  if ("refused" in outcome) {
    if (outcome.refused === "missing") throw notFound(r);
    throw new ApiError(404, "NOT_VOTED", "you have no helpful vote on this review");
  }
  return reply(r, 200, voteResult(r, outcome.votes, false));
};

async function publisherReview(r: RequestContext): Promise<{ id: string; handle: string; existing: ReviewItem }> {
  const caller = requireCaller(r);
  const template = await requireTemplate(r);
  const id = String(template.template_id);
  if (!isPublisher(template, caller.handle))
    throw new ApiError(403, "NOT_PUBLISHER", `only ${id}'s author and owners may reply to its reviews`, {
      hint: "owners are listed in the template's owners field",
    });
  const existing = await r.store.reviews.getReview(id, r.params.reviewer ?? "");
  if (!existing || existing.status === "hidden") throw notFound(r);
  return { id, handle: caller.handle, existing };
}

export const replyToReview: Handler = async (r) => {
  const { id, handle, existing } = await publisherReview(r);
  const now = isoSeconds(r.now);
  const answer: NonNullable<CommunityReview["reply"]> = {
    author: handle,
    content: (r.body as ReviewReplyInput).content,
    created_at: existing.reply?.created_at ?? now,
    ...(existing.reply ? { updated_at: now } : {}),
  };
  const item = await r.store.reviews.setReply(id, existing.reviewer, answer);
  if (!item) throw notFound(r);
  return reply(r, 200, publicReview(item));
};

export const deleteReply: Handler = async (r) => {
  const { id, existing } = await publisherReview(r);
  const item = await r.store.reviews.setReply(id, existing.reviewer, undefined);
  if (!item) throw notFound(r);
  return reply(r, 200, publicReview(item));
};
