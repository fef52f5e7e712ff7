/** Community counters as the catalog store (DynamoDB community-templates) keeps them; sync-stats writes them, the build reads them. */
export interface TemplateStats {
  rating_count: number;
  rating_sum: number;
  rating_histogram: Record<"1" | "2" | "3" | "4" | "5", number>;
  reviews: number;
  downloads: number;
  launches: number;
  launch_successes: number;
  launch_failures: number;
  trending_7d: number;
  trending_30d: number;
}

export function zeroStats(): TemplateStats {
  return {
    rating_count: 0,
    rating_sum: 0,
    rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
    reviews: 0,
    downloads: 0,
    launches: 0,
    launch_successes: 0,
    launch_failures: 0,
    trending_7d: 0,
    trending_30d: 0,
  };
}

/**
 * Bayesian prior: every template starts as if it had PRIOR_WEIGHT reviews of PRIOR_MEAN stars.
 * A neutral prior (rather than the catalog mean, which sits near 4.6 on rating sites) is what
 * makes one 5-star review rank below two hundred 4.6-star ones.
 */
export const PRIOR_MEAN = 3;
export const PRIOR_WEIGHT = 5;

/**
 * Usage-based weighting: a review with verified_usage (its author's successful launch; docs/api.md)
 * counts as VERIFIED_WEIGHT reviews, any other as UNVERIFIED_WEIGHT. The stats
 * store keeps weighted sums (rating_count = Σw, rating_sum = Σw·stars; npm run sync-stats writes
 * them), so meanRating is the weighted mean and bayesianRating shrinks it towards PRIOR_MEAN with
 * PRIOR_WEIGHT pseudo-reviews: (C·m + Σw·r) / (C + Σw). Integer weights keep the sums exact.
 */
export const VERIFIED_WEIGHT = 2;
export const UNVERIFIED_WEIGHT = 1;

export function reviewWeight(verifiedUsage: boolean): number {
  return verifiedUsage ? VERIFIED_WEIGHT : UNVERIFIED_WEIGHT;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function meanRating(stats: TemplateStats): number {
  return stats.rating_count > 0 ? round2(stats.rating_sum / stats.rating_count) : 0;
}

/** (C·m + Σw·r) / (C + Σw); unrated templates get 0, not the prior, so they never look rated. */
export function bayesianRating(stats: TemplateStats): number {
  if (stats.rating_count === 0) return 0;
  return round2((PRIOR_WEIGHT * PRIOR_MEAN + stats.rating_sum) / (PRIOR_WEIGHT + stats.rating_count));
}

/** Share of launch outcomes that succeeded, to two decimals; 0 with no outcomes. */
export function outcomeRate(successes: number, failures: number): number {
  const outcomes = successes + failures;
  return outcomes > 0 ? round2(successes / outcomes) : 0;
}

export function successRate(stats: TemplateStats): number {
  return outcomeRate(stats.launch_successes, stats.launch_failures);
}
