import type { ApiReviews, Review } from "../types/generated.js";
import { meanRating, type TemplateStats } from "./ratings.js";

/** Reviews a static page shows: the latest, so the page stays small however many there are. */
const REVIEWS_SHOWN = 20;

/**
 * A template's static reviews page (api-reviews.schema.json): its latest visible reviews, newest
 * first (ties by review id), with the rating and histogram taken from the counters.
 */
export function reviewsPage(id: string, stats: TemplateStats, reviews: readonly Review[]): ApiReviews {
  const visible = reviews.filter((r) => r.status !== "hidden");
  const newest = visible.sort((a, b) => (a.created_at > b.created_at ? -1 : a.created_at < b.created_at ? 1 : a.review_id < b.review_id ? -1 : 1));
  return {
    template_id: id,
    rating: meanRating(stats),
    total: stats.reviews,
    rating_histogram: { ...stats.rating_histogram },
    reviews: newest.slice(0, REVIEWS_SHOWN),
  };
}
