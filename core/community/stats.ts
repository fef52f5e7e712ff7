import { bayesianRating, meanRating, outcomeRate, reviewWeight, successRate, type TemplateStats, zeroStats } from "../spec/ratings.js";
import type { CommunityTemplate, UsageDay, UsageEvent, UsageWindow } from "../types/generated.js";
import {
  CATALOG_ATTRIBUTES,
  CATALOG_LIST_ATTRIBUTES,
  type CatalogAttribute,
  type CatalogListAttribute,
  COMMUNITY_COUNTERS,
  RATING_HISTOGRAM,
} from "./tables.js";
import { addDays } from "./time.js";

export type UsageEventName = UsageEvent["event"];
export const USAGE_EVENTS: readonly UsageEventName[] = ["download", "launch", "launch_succeeded", "launch_failed", "fork"];

export type UsageCounts = Record<UsageEventName, number>;
export const STARS = ["1", "2", "3", "4", "5"] as const;
export type Histogram = Record<(typeof STARS)[number], number>;

export function zeroCounts(): UsageCounts {
  return { download: 0, launch: 0, launch_succeeded: 0, launch_failed: 0, fork: 0 };
}

export interface RatedReview {
  rating: number;
  verified_usage: boolean;
  status?: string;
}

export interface ReviewAggregate {
  /** Σ weight over visible reviews (the stats store's rating_count). */
  rating_count: number;
  /** Σ weight·stars over visible reviews (the stats store's rating_sum). */
  rating_sum: number;
  /** Visible reviews. */
  reviews: number;
  /** Visible reviews with verified_usage. */
  verified: number;
  rating_histogram: Histogram;
}

/** The weighted rating inputs of core/spec/ratings.ts, over visible reviews only. */
export function aggregateReviews(reviews: Iterable<RatedReview>): ReviewAggregate {
  const out: ReviewAggregate = { rating_count: 0, rating_sum: 0, reviews: 0, verified: 0, rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } };
  for (const r of reviews) {
    if (r.status === "hidden") continue;
    const star = String(r.rating) as keyof Histogram;
    if (!(star in out.rating_histogram)) continue;
    const w = reviewWeight(r.verified_usage);
    out.rating_count += w;
    out.rating_sum += w * r.rating;
    out.reviews++;
    if (r.verified_usage) out.verified++;
    out.rating_histogram[star]++;
  }
  return out;
}

/** The build's ratings for an aggregate: the same functions the published records use. */
export function ratingsOf(aggregate: ReviewAggregate): { rating: number; rating_bayesian: number } {
  const stats = { ...zeroStats(), ...aggregate, rating_histogram: { ...aggregate.rating_histogram } };
  return { rating: meanRating(stats), rating_bayesian: bayesianRating(stats) };
}

/** A day's rollup: counted events, and the distinct users who downloaded or launched (trending counts those). */
export type DayCounts = UsageCounts & { users: number };

export function zeroDay(): DayCounts {
  return { ...zeroCounts(), users: 0 };
}

/** Events whose user counts towards trending: someone fetching or starting the template. */
export const ACTIVE_EVENTS: ReadonlySet<UsageEventName> = new Set(["download", "launch"]);

/**
 * Counted events per UTC day of occurred_at, with each day's distinct active users: sync-stats'
 * exact recount of what the API's rollups add up as events arrive. An event the counting limits
 * left out (counted: false) is in the log but not in the counts; events from before the limits
 * carry no flag and count.
 */
export function countByDay(events: Iterable<{ event: string; occurred_at: string; user?: string; counted?: boolean }>): Map<string, DayCounts> {
  const days = new Map<string, DayCounts>();
  const active = new Map<string, Set<string>>();
  for (const e of events) {
    if (!(USAGE_EVENTS as readonly string[]).includes(e.event) || e.counted === false) continue;
    const day = e.occurred_at.slice(0, 10);
    const counts = days.get(day) ?? zeroDay();
    counts[e.event as UsageEventName]++;
    days.set(day, counts);
    if (ACTIVE_EVENTS.has(e.event as UsageEventName)) {
      const users = active.get(day) ?? new Set<string>();
      users.add(e.user ?? "");
      active.set(day, users);
      counts.users = users.size;
    }
  }
  return days;
}

export function sumCounts(days: Iterable<UsageCounts>): UsageCounts {
  const total = zeroCounts();
  for (const c of days) for (const e of USAGE_EVENTS) total[e] += c[e];
  return total;
}

export function rateOf(c: UsageCounts): number {
  return outcomeRate(c.launch_succeeded, c.launch_failed);
}

/**
 * Totals over the `days` days ending with `today` (inclusive). The trending score is distinct
 * users, not events: each day's users who downloaded or launched, summed over the window, so one
 * caller adds at most one a day however much they send.
 */
export function windowTotals(byDay: ReadonlyMap<string, DayCounts>, today: string, days: number): UsageWindow {
  const first = addDays(today, -(days - 1));
  const inWindow = [...byDay].filter(([day]) => day >= first && day <= today).map(([, counts]) => counts);
  const c = sumCounts(inWindow);
  return {
    days,
    downloads: c.download,
    launches: c.launch,
    launch_successes: c.launch_succeeded,
    launch_failures: c.launch_failed,
    forks: c.fork,
    success_rate: rateOf(c),
    trending_score: inWindow.reduce((n, d) => n + d.users, 0),
  };
}

export function dailySeries(byDay: ReadonlyMap<string, DayCounts>, from: string, to: string): UsageDay[] {
  return [...byDay]
    .filter(([day]) => day >= from && day <= to)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, c]) => ({ date, ...c }));
}

/** A community-templates item's counters, as the build and the live API read them. */
export function statsFromItem(item: Record<string, unknown>): TemplateStats {
  const s = zeroStats();
  for (const counter of COMMUNITY_COUNTERS)
    if (counter in s && typeof item[counter] === "number") (s as unknown as Record<string, number>)[counter] = item[counter] as number;
  const hist = item[RATING_HISTOGRAM];
  if (hist && typeof hist === "object")
    for (const star of STARS) {
      const n = (hist as Record<string, unknown>)[star];
      if (typeof n === "number") s.rating_histogram[star] = n;
    }
  return s;
}

const isList = (a: CatalogAttribute): a is CatalogListAttribute => (CATALOG_LIST_ATTRIBUTES as readonly string[]).includes(a);
const CATALOG_STRINGS = CATALOG_ATTRIBUTES.filter((a): a is Exclude<CatalogAttribute, CatalogListAttribute> => !isList(a));

/** True when publish has written the item's catalog attributes (not just counters). */
export function isCatalogItem(item: Record<string, unknown>): boolean {
  return CATALOG_STRINGS.every((k) => typeof item[k] === "string") && CATALOG_LIST_ATTRIBUTES.every((k) => Array.isArray(item[k]));
}

/** The live API's view of a community-templates item: catalog fields plus stats computed the build's way. */
export function communityTemplate(item: Record<string, unknown>): CommunityTemplate {
  const s = statsFromItem(item);
  const num = (k: string) => (typeof item[k] === "number" ? (item[k] as number) : 0);
  const str = (k: Exclude<CatalogAttribute, CatalogListAttribute>) => String(item[k]);
  const list = (k: CatalogListAttribute) => (item[k] as unknown[]).map(String);
  return {
    template_id: str("template_id"),
    name: str("name"),
    description: str("description"),
    author: str("author"),
    owners: list("owners"),
    version: str("version"),
    category: str("category"),
    tags: list("tags"),
    architecture: list("architecture") as CommunityTemplate["architecture"],
    regions: list("regions"),
    visibility: str("visibility") as CommunityTemplate["visibility"],
    maintenance_status: str("maintenance_status") as CommunityTemplate["maintenance_status"],
    last_updated: str("last_updated"),
    rating: meanRating(s),
    rating_bayesian: bayesianRating(s),
    reviews: s.reviews,
    rating_histogram: { ...s.rating_histogram },
    downloads: s.downloads,
    launches: s.launches,
    success_rate: successRate(s),
    trending_7d: s.trending_7d,
    trending_30d: s.trending_30d,
    forks: num("forks"),
    ...(typeof item.stats_synced_at === "string" ? { stats_synced_at: item.stats_synced_at } : {}),
  };
}
