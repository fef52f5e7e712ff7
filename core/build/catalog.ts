import type { Catalog, PublishedTemplate, TemplateSummary } from "../types/generated.js";

type Record = PublishedTemplate & { rating_bayesian: number };

export function summaryOf(r: Record): TemplateSummary {
  const replacement = r.publication.maintenance?.replacement;
  return {
    template_id: r.template_id,
    name: r.name,
    description: r.description,
    author: r.author,
    version: r.version,
    category: r.category,
    tags: r.tags,
    architecture: r.architecture,
    regions: r.regions,
    license: r.publication.license,
    maintenance_status: r.publication.maintenance_status,
    ...(replacement ? { replacement } : {}),
    ...(r.forked_from ? { forked_from: r.forked_from.template_id } : {}),
    rating: r.rating,
    rating_bayesian: r.rating_bayesian,
    reviews: r.reviews,
    downloads: r.downloads,
    launches: r.launches,
    trending: r.trending,
    last_updated: r.last_updated,
    featured: r.featured,
    ami_available: r.ami_available,
  };
}

/** Summaries sorted by id (the search index refers to rows by position) and facet counts over all of them. */
export function buildCatalog(records: readonly Record[], generatedAt: string): Catalog {
  const templates = records.map(summaryOf).sort((a, b) => (a.template_id < b.template_id ? -1 : 1));
  const facet = (values: (s: TemplateSummary) => string[]) => {
    const counts = new Map<string, number>();
    for (const s of templates) for (const v of new Set(values(s))) counts.set(v, (counts.get(v) ?? 0) + 1);
    return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  return {
    spec_version: 1,
    generated_at: generatedAt,
    total: templates.length,
    templates,
    facets: {
      category: facet((s) => [s.category]),
      tags: facet((s) => s.tags),
      architecture: facet((s) => s.architecture),
      region: facet((s) => s.regions),
      license: facet((s) => [s.license]),
      maintenance_status: facet((s) => [s.maintenance_status]),
    },
  };
}
