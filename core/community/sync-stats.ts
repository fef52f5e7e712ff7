import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { TemplateStats } from "../spec/ratings.js";
import { aggregateReviews, countByDay, type DayCounts, isCatalogItem, sumCounts, windowTotals } from "./stats.js";
import { CommunityStore } from "./store.js";
import { addDays, dayOf, isoSeconds, sealableThrough, startOfDay } from "./time.js";
import { evidenceOwner } from "./usage-store.js";

export interface SyncStatsOptions {
  client: DynamoDBClient;
  tablePrefix?: string;
  now?: Date;
}

export interface TemplateSync {
  template_id: string;
  stats: TemplateStats & { forks: number };
  /** Last day whose usage bucket is final after this run. */
  sealed_through: string;
  buckets_written: number;
  reviews_verified: number;
}

/**
 * npm run sync-stats: recomputes every community counter of community-templates from the source
 * tables, so the build reads exact numbers. Per template:
 *  1. usage: days that can no longer receive events are recounted from the event log (counted
 *     events, distinct active users) into their usage-daily rollups, now final, and the watermark
 *     usage_sealed_through advances; totals are the sealed buckets plus the still-open days
 *     counted from the event log; trending_7d/30d are the windows' distinct users per day;
 *  2. reviews: unverified reviews whose author's evidence has come of age become verified; the weighted
 *     rating sums and the histogram are taken over visible reviews;
 *  3. the counters are SET in one conditional update (never creating an item publish did not write).
 * It is the only writer of those counters and every step is idempotent, so it can be re-run or
 * run concurrently with the API at any time.
 */
export async function syncStats(options: SyncStatsOptions): Promise<TemplateSync[]> {
  const store = new CommunityStore(options.client, options.tablePrefix);
  const now = options.now ?? new Date();
  const results: TemplateSync[] = [];
  const items = (await store.catalog.scanTemplates()).filter(isCatalogItem).sort((a, b) => (String(a.template_id) < String(b.template_id) ? -1 : 1));
  for (const item of items) results.push(await syncTemplate(store, item, now));
  return results;
}

async function syncTemplate(store: CommunityStore, item: Record<string, unknown>, now: Date): Promise<TemplateSync> {
  const id = String(item.template_id);
  const today = dayOf(now);
  const stamp = isoSeconds(now);

  // 1. usage
  const sealedBefore = typeof item.usage_sealed_through === "string" ? item.usage_sealed_through : undefined;
  const open = countByDay(await store.usage.eventsSince(id, sealedBefore ? startOfDay(addDays(sealedBefore, 1)) : undefined));
  const target = sealableThrough(now);
  const sealed = sealedBefore && sealedBefore > target ? sealedBefore : target;
  let written = 0;
  for (const [day, counts] of [...open].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (day > sealed) continue;
    await store.usage.putBucket(id, day, counts, stamp);
    open.delete(day);
    written++;
  }
  const byDay = new Map<string, DayCounts>(await store.usage.dailyBuckets(id));
  for (const [day, counts] of open) byDay.set(day, counts);
  const total = sumCounts(byDay.values());

  // 2. reviews
  const reviews = await store.reviews.reviewsOf(id);
  let verified = 0;
  for (const r of reviews) {
    if (r.verified_usage || !(await store.usage.isVerified(evidenceOwner(r.reviewer, r.principal), id, now))) continue;
    if (await store.reviews.markVerified(id, r.reviewer)) verified++;
    r.verified_usage = true;
  }
  const ratings = aggregateReviews(reviews);

  const stats: TemplateStats & { forks: number } = {
    rating_count: ratings.rating_count,
    rating_sum: ratings.rating_sum,
    rating_histogram: ratings.rating_histogram,
    reviews: ratings.reviews,
    downloads: total.download,
    launches: total.launch,
    launch_successes: total.launch_succeeded,
    launch_failures: total.launch_failed,
    trending_7d: windowTotals(byDay, today, 7).trending_score,
    trending_30d: windowTotals(byDay, today, 30).trending_score,
    forks: total.fork,
  };

  // 3. counters
  await store.catalog.setCounters(id, { ...stats, usage_sealed_through: sealed, stats_synced_at: stamp });
  return { template_id: id, stats, sealed_through: sealed, buckets_written: written, reviews_verified: verified };
}
