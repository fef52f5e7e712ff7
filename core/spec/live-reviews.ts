import type { CommunityReview, ReviewList } from "../types/generated.js";

/**
 * The live ratings and reviews a client may show over the signed build's (docs/client-spec.md
 * §5.1): the site's template page and `cws marketplace info` both ask the live API for them and
 * keep the build's figures when it does not answer in this shape. Only ratings and reviews ever
 * come from here; launch data comes from the signed tree alone.
 */

/** How many reviews the site and `info` ask for. */
export const LIVE_REVIEWS_LIMIT = 10;

/**
 * A template's live reviews, newest first, relative to API_BASE (`apiPath()` or `apiUrl()` make
 * it a URL). The query string sends the request to the live API on every deployment (a CDN
 * answers the plain path from its cached copy or the static tree).
 */
export function liveReviewsEndpoint(id: string, limit = LIVE_REVIEWS_LIMIT): string {
  return `/templates/${encodeURIComponent(id)}/reviews?sort=newest&limit=${limit}`;
}

/** The development-only identity header of a local API (npm start); the deployed API refuses it. */
export const DEV_USER_HEADER = "x-cws-user";

/** Where a review of a template is posted, relative to API_BASE. */
export function reviewsPostEndpoint(id: string): string {
  return `/templates/${encodeURIComponent(id)}/reviews`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isStars = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 5;
const isText = (v: unknown): v is string => typeof v === "string";

function isReview(v: unknown, id: string): v is CommunityReview {
  return (
    isObject(v) &&
    v.template_id === id &&
    isText(v.reviewer) &&
    isText(v.title) &&
    isText(v.content) &&
    isText(v.created_at) &&
    typeof v.rating === "number" &&
    Number.isInteger(v.rating) &&
    v.rating >= 1 &&
    v.rating <= 5 &&
    typeof v.verified_usage === "boolean" &&
    isCount(v.helpful_votes) &&
    (v.use_case === undefined || isText(v.use_case)) &&
    (v.template_version === undefined || isText(v.template_version))
  );
}

/**
 * The live API's answer for template `id`, or undefined when the value is not one: another
 * template's, the static page's shape (no `rating_bayesian`, no `verified_total`), or anything
 * malformed. Dependency-free, so the site's browser script checks answers the same way the CLI does.
 */
export function parseLiveReviews(value: unknown, id: string): ReviewList | undefined {
  if (!isObject(value) || value.template_id !== id) return undefined;
  const h = value.rating_histogram;
  if (!isObject(h) || !(["1", "2", "3", "4", "5"] as const).every((k) => isCount(h[k]))) return undefined;
  if (!isStars(value.rating) || !isStars(value.rating_bayesian) || !isCount(value.total) || !isCount(value.verified_total)) return undefined;
  if (!Array.isArray(value.reviews) || !value.reviews.every((r) => isReview(r, id))) return undefined;
  return value as unknown as ReviewList;
}
