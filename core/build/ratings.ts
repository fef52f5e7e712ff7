import type { TemplateStats } from "./inputs.js";

/** Reviews a template needs before its own mean outweighs the catalog mean. */
export const BAYES_PRIOR_WEIGHT = 10;

const round2 = (x: number) => Math.round(x * 100) / 100;

export function meanRating(stats: TemplateStats): number {
  return stats.rating_count > 0 ? round2(stats.rating_sum / stats.rating_count) : 0;
}

/** Mean of every rating in the catalog: the prior the Bayesian average shrinks towards. */
export function catalogMean(all: Iterable<TemplateStats>): number {
  let sum = 0;
  let count = 0;
  for (const s of all) {
    sum += s.rating_sum;
    count += s.rating_count;
  }
  return count > 0 ? sum / count : 0;
}

/**
 * Bayesian average (C·m + Σratings) / (C + n), so one 5-star review does not outrank two
 * hundred 4.6-star ones. Unrated templates get 0, not the prior, so they never look rated.
 */
export function bayesianRating(stats: TemplateStats, prior: number): number {
  if (stats.rating_count === 0) return 0;
  return round2((BAYES_PRIOR_WEIGHT * prior + stats.rating_sum) / (BAYES_PRIOR_WEIGHT + stats.rating_count));
}

export function successRate(stats: TemplateStats): number {
  const outcomes = stats.launch_successes + stats.launch_failures;
  return outcomes > 0 ? round2(stats.launch_successes / outcomes) : 0;
}
