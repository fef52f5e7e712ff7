import { describe, expect, it } from "vitest";
import { liveReviewsEndpoint, parseLiveReviews } from "../../core/spec/live-reviews.js";

const review = {
  review_id: "r1",
  template_id: "t",
  reviewer: "a",
  rating: 5,
  title: "x",
  content: "y",
  verified_usage: false,
  helpful_votes: 0,
  status: "visible",
  created_at: "2026-12-07T00:00:00Z",
  version: 1,
};
const live = {
  template_id: "t",
  rating: 5,
  rating_bayesian: 3.33,
  total: 1,
  verified_total: 0,
  rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 1 },
  reviews: [review],
};

describe("parseLiveReviews", () => {
  it("accepts the live API's answer for the template asked about", () => {
    expect(parseLiveReviews(live, "t")).toEqual(live);
  });
  it("refuses the static page's shape, another template's answer and malformed reviews", () => {
    const { rating_bayesian: _b, verified_total: _v, ...staticPage } = live;
    expect(parseLiveReviews(staticPage, "t")).toBeUndefined();
    expect(parseLiveReviews(live, "other")).toBeUndefined();
    expect(parseLiveReviews({ ...live, reviews: [{ ...review, rating: 9 }] }, "t")).toBeUndefined();
    expect(parseLiveReviews({ ...live, reviews: [{ ...review, title: 1 }] }, "t")).toBeUndefined();
    expect(parseLiveReviews("<html>", "t")).toBeUndefined();
  });
  it("asks with a query string, so the request reaches the live API", () => {
    expect(liveReviewsEndpoint("t")).toBe("/templates/t/reviews?sort=newest&limit=10");
  });
});
