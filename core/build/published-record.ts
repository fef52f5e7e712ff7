import { templateSbomPath } from "../spec/layout.js";
import { bayesianRating, meanRating, successRate, type TemplateStats, zeroStats } from "../spec/ratings.js";
import type { AmiRegions, AmiState, PublishedTemplate, Template } from "../types/generated.js";
import type { BuildInput, TemplateHistory } from "./inputs.js";
import { versionSoftware } from "./software.js";

export interface RecordContext {
  input: BuildInput;
  /** Ids on the featured list that are still current at build time. */
  featured: ReadonlySet<string>;
  /** Fork children by parent id. */
  forks: ReadonlyMap<string, string[]>;
}

/** The published record: the authored template plus everything computed at build time. */
export function publishedRecord(t: Template, ctx: RecordContext): PublishedTemplate & { rating_bayesian: number } {
  const { $schema: _schema, ...authored } = t;
  const stats: TemplateStats = ctx.input.stats.get(t.template_id) ?? zeroStats();
  const history = historyFor(t, ctx.input);
  const amis = amisFor(t, ctx.input.amiState);
  const installed = versionSoftware(t, ctx.input.amiState, amis);
  return {
    ...authored,
    rating: meanRating(stats),
    rating_bayesian: bayesianRating(stats),
    reviews: stats.reviews,
    downloads: stats.downloads,
    launches: stats.launches,
    success_rate: successRate(stats),
    trending: stats.trending_7d,
    rating_histogram: { ...stats.rating_histogram },
    last_updated: history.lastUpdated,
    history: history.versions,
    history_complete: history.complete,
    ami_available: Object.keys(amis).length > 0,
    amis,
    featured: ctx.featured.has(t.template_id),
    forks: ctx.forks.get(t.template_id) ?? [],
    software: installed.software,
    software_source: installed.source,
    ...(installed.document ? { sbom: templateSbomPath(t.template_id, t.version) } : {}),
    screenshots: [...(ctx.input.screenshots.get(t.template_id)?.keys() ?? [])].sort(),
  };
}

/**
 * Without git history (a plain folder, or a folder untouched within a shallow clone's depth)
 * the newest changelog date is the best evidence of when the template last changed.
 */
function historyFor(t: Template, input: BuildInput): TemplateHistory {
  const history = input.history.get(t.template_id);
  if (history && history.versions.length > 0) return history;
  const newest = t.changelog?.[0]?.date;
  // The build time is read only when nothing else dates the template (render-template.ts tracks it).
  return { lastUpdated: newest ? `${newest}T00:00:00Z` : (history?.lastUpdated ?? input.generatedAt), versions: [], complete: false };
}

/** AMIs count only when they were built from the template's current version and are available. */
function amisFor(t: Template, state: AmiState): PublishedTemplate["amis"] {
  const entry = state.templates[t.template_id];
  if (!entry || entry.template_version !== t.version) return {};
  return usableAmis(t, entry.regions);
}

/** The AMIs a launch may use: in the template's regions and architectures, and not failed. */
export function usableAmis(t: Pick<Template, "regions" | "architecture">, regions: AmiRegions): PublishedTemplate["amis"] {
  const out: PublishedTemplate["amis"] = {};
  for (const region of Object.keys(regions).sort()) {
    if (!t.regions.includes(region)) continue;
    const byArch = regions[region] ?? {};
    const usable: NonNullable<PublishedTemplate["amis"][string]> = {};
    for (const arch of t.architecture) {
      const ami = byArch[arch];
      if (ami && ami.state !== "failed") usable[arch] = { image_id: ami.image_id, owner_id: ami.owner_id, created_at: ami.created_at };
    }
    if (Object.keys(usable).length > 0) out[region] = usable;
  }
  return out;
}
