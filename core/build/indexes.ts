import type { TemplateStats } from "../spec/ratings.js";
import type { Catalog, Categories, CategoriesIndex, Featured, FeaturedIndex, TrendingIndex } from "../types/generated.js";

const TRENDING_LIMIT = 50;

export function categoriesIndex(categories: Categories, catalog: Catalog): CategoriesIndex {
  const counts = new Map<string, number>();
  for (const t of catalog.templates) if (t.maintenance_status !== "archived") counts.set(t.category, (counts.get(t.category) ?? 0) + 1);
  return {
    spec_version: 1,
    categories: categories.categories.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      ...(c.icon ? { icon: c.icon } : {}),
      count: counts.get(c.id) ?? 0,
    })),
  };
}

/** Featured entries still current on the build date, for templates that are published and active. */
export function currentFeatured(featured: Featured, catalog: Catalog, generatedAt: string): FeaturedIndex {
  const today = generatedAt.slice(0, 10);
  const byId = new Map(catalog.templates.map((t) => [t.template_id, t]));
  const out: FeaturedIndex["featured"] = [];
  for (const entry of featured.featured) {
    const summary = byId.get(entry.template_id);
    if (summary?.maintenance_status !== "active" || (entry.until !== undefined && entry.until < today)) continue;
    out.push({ template_id: entry.template_id, ...(entry.reason ? { reason: entry.reason } : {}), ...(entry.until ? { until: entry.until } : {}), summary });
  }
  return { spec_version: 1, featured: out };
}

/**
 * Rankings by recent use; templates with no recent use are left out rather than ranked at 0.
 * Usage is counted in whole days, so `generated_at` is the build's UTC day at midnight: a
 * release on the same day leaves the file byte for byte as it was (no upload, no CDN
 * invalidation) unless the rankings themselves moved.
 */
export function trendingIndex(catalog: Catalog, stats: ReadonlyMap<string, TemplateStats>, generatedAt: string): TrendingIndex {
  const rank = (score: (s: TemplateStats) => number) =>
    catalog.templates
      .filter((t) => t.maintenance_status === "active")
      .map((t) => ({
        template_id: t.template_id,
        score: (() => {
          const s = stats.get(t.template_id);
          return s ? score(s) : 0;
        })(),
      }))
      .filter((e) => e.score > 0)
      .sort((a, b) => b.score - a.score || (a.template_id < b.template_id ? -1 : 1))
      .slice(0, TRENDING_LIMIT);
  return {
    spec_version: 1,
    generated_at: `${generatedAt.slice(0, 10)}T00:00:00Z`,
    windows: { "7d": rank((s) => s.trending_7d), "30d": rank((s) => s.trending_30d) },
  };
}
