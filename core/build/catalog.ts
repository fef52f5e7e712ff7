import { CATALOG_FACET, countFacets, FACETS } from "../spec/facets.js";
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
    ...(r.software && r.software_source ? { software: { source: r.software_source, packages: r.software.map((e) => [e.ecosystem, e.name, e.version]) } } : {}),
  };
}

/** Summaries sorted by id (the search index refers to rows by position) and facet counts over all of them. */
export function buildCatalog(summaries: readonly TemplateSummary[], generatedAt: string): Catalog {
  const templates = [...summaries].sort((a, b) => (a.template_id < b.template_id ? -1 : 1));
  // The facets' values are core/spec's, as the CLI and the site count them; keys sorted for a stable file.
  const counts = countFacets(templates);
  const byValue = (entries: [string, number][]) => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    spec_version: 1,
    generated_at: generatedAt,
    total: templates.length,
    templates,
    facets: Object.fromEntries(FACETS.map((f) => [CATALOG_FACET[f], byValue(counts[f])])) as Catalog["facets"],
  };
}
