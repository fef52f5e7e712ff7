import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../apps/api/errors.js";
import { VISIBLE_PATTERN } from "../../apps/api/text.js";
import { newReviewId, reportId } from "../../core/community/ids.js";
import { aggregateReviews, countByDay, ratingsOf, windowTotals } from "../../core/community/stats.js";
import { dayOf, EVENT_GRACE_MS, eventTimeProblem, sealableThrough } from "../../core/community/time.js";
import { validatorFor } from "../../core/schema/ajv.js";
import { loadSchemas } from "../../core/schema/schemas.js";
import { HANDLE } from "../../core/spec/ids.js";
import { bayesianRating, PRIOR_MEAN, PRIOR_WEIGHT, VERIFIED_WEIGHT } from "../../core/spec/ratings.js";

describe("rating weights", () => {
  it("counts visible reviews only, verified ones double", () => {
    const agg = aggregateReviews([
      { rating: 5, verified_usage: true },
      { rating: 1, verified_usage: false },
      { rating: 1, verified_usage: true, status: "hidden" },
    ]);
    expect(agg).toEqual({ rating_count: 3, rating_sum: 11, reviews: 2, verified: 1, rating_histogram: { "1": 1, "2": 0, "3": 0, "4": 0, "5": 1 } });
    expect(VERIFIED_WEIGHT).toBe(2);
    expect(ratingsOf(agg)).toEqual({ rating: 3.67, rating_bayesian: Math.round(((PRIOR_WEIGHT * PRIOR_MEAN + 11) / (PRIOR_WEIGHT + 3)) * 100) / 100 });
  });

  it("ranks a single 5-star review below many 4.6 reviews, verified or not", () => {
    const one = aggregateReviews([{ rating: 5, verified_usage: true }]);
    const many = aggregateReviews(Array.from({ length: 200 }, (_, i) => ({ rating: i % 5 < 3 ? 5 : 4, verified_usage: false })));
    expect(ratingsOf(many).rating).toBe(4.6);
    expect(bayesianRating({ ...statsOf(one) })).toBeLessThan(bayesianRating(statsOf(many)));
  });
});

function statsOf(a: ReturnType<typeof aggregateReviews>) {
  return { ...a, downloads: 0, launches: 0, launch_successes: 0, launch_failures: 0, trending_7d: 0, trending_30d: 0 };
}

describe("usage windows", () => {
  it("counts by UTC day and sums inclusive windows ending today", () => {
    const days = countByDay([
      { event: "launch", occurred_at: "2026-11-27T23:59:59.999Z" },
      { event: "download", occurred_at: "2026-11-21T00:00:00.000Z" },
      { event: "download", occurred_at: "2026-11-20T23:59:59.000Z" },
      { event: "launch_succeeded", occurred_at: "2026-11-27T01:00:00.000Z" },
      { event: "bogus", occurred_at: "2026-11-27T01:00:00.000Z" },
    ]);
    expect([...days.keys()].sort()).toEqual(["2026-11-20", "2026-11-21", "2026-11-27"]);
    expect(windowTotals(days, "2026-11-27", 7)).toMatchObject({ launches: 1, downloads: 1, launch_successes: 1, success_rate: 1, trending_score: 2 });
    expect(windowTotals(days, "2026-11-27", 30)).toMatchObject({ downloads: 2, trending_score: 3 });
  });

  it("scores trending by distinct users per day, and leaves out events the counting limits did not count", () => {
    const days = countByDay([
      ...Array.from({ length: 40 }, () => ({ event: "launch", occurred_at: "2026-11-27T10:00:00.000Z", user: "spammer" })),
      { event: "download", occurred_at: "2026-11-27T11:00:00.000Z", user: "spammer" },
      { event: "download", occurred_at: "2026-11-27T11:00:00.000Z", user: "alice" },
      { event: "launch", occurred_at: "2026-11-26T11:00:00.000Z", user: "spammer" },
      { event: "launch", occurred_at: "2026-11-26T12:00:00.000Z", user: "mallory", counted: false },
      { event: "launch_succeeded", occurred_at: "2026-11-26T11:00:00.000Z", user: "bob" },
    ]);
    expect(days.get("2026-11-27")).toMatchObject({ launch: 40, download: 2, users: 2 });
    expect(days.get("2026-11-26")).toMatchObject({ launch: 1, launch_succeeded: 1, users: 1 });
    expect(windowTotals(days, "2026-11-27", 7)).toMatchObject({ launches: 41, downloads: 2, trending_score: 3 });
  });

  it("accepts events within the grace period and seals a day only after it", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(eventTimeProblem("2026-11-27T11:00:00Z", now)).toBeUndefined();
    expect(eventTimeProblem("2026-11-25T12:00:01Z", now)).toBeUndefined();
    expect(eventTimeProblem("2026-11-25T11:59:59Z", now)).toMatch(/days old/);
    expect(eventTimeProblem("2026-11-27T12:10:00Z", now)).toMatch(/future/);
    expect(sealableThrough(now)).toBe("2026-11-24");
    // The newest sealed day can no longer take events: its end is more than the grace ago.
    const sealed = sealableThrough(now);
    expect(Date.parse(`${sealed}T23:59:59.999Z`)).toBeLessThan(now.getTime() - EVENT_GRACE_MS);
    expect(sealableThrough(new Date("2026-11-28T00:59:59Z"))).toBe("2026-11-24");
    expect(sealableThrough(new Date("2026-11-28T01:00:00Z"))).toBe("2026-11-25");
    expect(dayOf("2026-11-27T23:30:00-02:00")).toBe("2026-11-28");
  });
});

describe("ids", () => {
  it("issues review ids that match the schema and sort by time", () => {
    const a = newReviewId(new Date("2026-01-01T00:00:00Z"));
    const b = newReviewId(new Date("2026-01-01T00:00:00.001Z"));
    const properties = (loadSchemas().get("review")?.properties ?? {}) as Record<string, { pattern?: string }>;
    const pattern = new RegExp(properties.review_id?.pattern ?? "^never$");
    expect(a).toMatch(pattern);
    expect(a < b).toBe(true);
    expect(newReviewId(new Date(0))).not.toBe(newReviewId(new Date(0)));
  });

  it("derives one report id per reporter and target", () => {
    expect(reportId("a", "t")).toBe(reportId("a", "t"));
    expect(new Set([reportId("a", "t"), reportId("b", "t"), reportId("a", "t", "r"), reportId("a", "u")]).size).toBe(4);
    expect(HANDLE.test("a-b")).toBe(true);
    expect(HANDLE.test("a--b")).toBe(false);
  });
});

describe("field errors", () => {
  it("point at the missing, unexpected or invalid value", () => {
    const validate = validatorFor("reviewInput");
    validate({ rating: 0, title: "x", extra: 1 });
    expect(fieldErrors("body", validate.errors).map((e) => [e.pointer, e.keyword])).toEqual([
      ["/content", "required"],
      ["/extra", "additionalProperties"],
      ["/rating", "minimum"],
    ]);
    const report = validatorFor("reportInput");
    report({ reason: "other" });
    expect(fieldErrors("body", report.errors)).toEqual([{ in: "body", pointer: "/details", message: "is required", keyword: "required" }]);
  });
});

describe("API schemas stay in step with review.schema.json", () => {
  const review = loadSchemas().get("review") as unknown as { properties: Record<string, unknown>; required: string[] };
  it.each(["reviewInput", "apiReview"] as const)("%s defines shared fields exactly as review.schema.json", (name) => {
    const schema = loadSchemas().get(name) as unknown as { properties: Record<string, unknown>; required?: string[] };
    for (const [field, def] of Object.entries(schema.properties)) {
      if (!(field in review.properties)) continue;
      // Input may be stricter than what is stored (reviews written before a rule stay valid): the visible-text pattern.
      const { description: _a, ...mine } = def as Record<string, unknown>;
      const { description: _b, ...theirs } = review.properties[field] as Record<string, unknown>;
      if (name === "reviewInput" && mine.pattern === VISIBLE_PATTERN && theirs.pattern === undefined) delete mine.pattern;
      expect(mine, `${name}.${field}`).toEqual(theirs);
    }
  });
  it("serves every review field", () => {
    const api = loadSchemas().get("apiReview") as unknown as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(review.properties).every((k) => k in api.properties)).toBe(true);
    expect(review.required.every((k) => api.required.includes(k))).toBe(true);
  });
});
