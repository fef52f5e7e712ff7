import { liveReviewsEndpoint, parseLiveReviews } from "../../../core/spec/live-reviews.js";
import type { ApiReviews, CommunityReview, PublishedTemplate, Review } from "../../../core/types/generated.js";
import { apiRequest } from "./api-client.js";
import type { CliConfig } from "./config.js";
import type { Entry } from "./marketplace.js";

/** `info` waits this long for the live API before showing the build's figures. */
const LIVE_TIMEOUT_MS = 5000;

/**
 * A template's ratings and latest reviews as `info` shows them: the live API's when it answers
 * in its documented shape, else the signed build's, and which it was. Only these figures ever
 * come from the API; the record, AMIs and everything a launch uses come from the signed tree.
 */
export interface Ratings {
  source: "live" | "build";
  /** The build's generated_at, or the time the live API answered. */
  asOf: string;
  /** Where the live figures came from, or why they are not shown. */
  note: string;
  rating: number;
  rating_bayesian?: number;
  reviews: number;
  rating_histogram: PublishedTemplate["rating_histogram"];
  latest: (Review | CommunityReview)[];
}

/**
 * The live API for an entry: the configured API URL (CWS_MARKETPLACE_API, api_url) serves the
 * first (highest-priority) registry; every registry's own URL also answers under the API path.
 */
export function liveApiFor(config: CliConfig, entry: Entry): string {
  const primary = config.registries[0];
  return config.apiUrl && primary && entry.source.registry.url === primary.url ? config.apiUrl : entry.source.registry.url;
}

export async function ratingsFor(
  options: { api: string; record: PublishedTemplate; build: ApiReviews; builtAt: string | undefined },
  now: () => Date = () => new Date(),
): Promise<Ratings> {
  const { api, record, build } = options;
  const id = record.template_id;
  const fromBuild = (why: string): Ratings => ({
    source: "build",
    asOf: options.builtAt ?? "",
    note: `as of the build of ${(options.builtAt ?? "").slice(0, 10) || "the signed tree"}: ${why}`,
    rating: record.rating,
    reviews: record.reviews,
    rating_histogram: record.rating_histogram,
    latest: build.reviews,
  });
  let answer: unknown;
  try {
    answer = await apiRequest<unknown>({ method: "GET", path: liveReviewsEndpoint(id), apiUrl: api, timeoutMs: LIVE_TIMEOUT_MS });
  } catch (error) {
    return fromBuild(`no live figures (${(error as Error).message})`);
  }
  const live = parseLiveReviews(answer, id);
  if (!live) return fromBuild(`no live figures (${api} did not answer in the live API's shape)`);
  return {
    source: "live",
    asOf: now().toISOString(),
    note: `live from ${api}`,
    rating: live.rating,
    rating_bayesian: live.rating_bayesian,
    reviews: live.total,
    rating_histogram: live.rating_histogram,
    latest: live.reviews,
  };
}
