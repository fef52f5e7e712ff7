import { facetValues, hiddenByDefault } from "../../../core/spec/facets.js";
import type { Order } from "../../../core/spec/ranking.js";
import type { HasSpec } from "../../../core/spec/software.js";
import { matchesSoftware } from "../../../core/spec/software-filter.js";
import type { TemplateSummary } from "../../../core/types/generated.js";

export interface Filters {
  category?: string | undefined;
  tag?: string[] | undefined;
  architecture?: string | undefined;
  region?: string | undefined;
  author?: string | undefined;
  minRating?: number | undefined;
  includeArchived?: boolean | undefined;
  /** --has: installed software every result must have (ANDed). */
  has?: HasSpec[] | undefined;
}

/** The --sort choices of `list`: the shared orders of core/spec/ranking.ts the CLI offers. */
export const SORT_KEYS: readonly Order[] = ["rating", "downloads", "updated", "name", "trending"];

/**
 * The CLI's filters: each flag narrows, and repeated --tag flags must all match (the site's
 * check boxes offer alternatives instead). Facet values and the archived rule are core/spec's.
 */
export function matches(s: TemplateSummary, f: Filters): boolean {
  if (!f.includeArchived && hiddenByDefault(s)) return false;
  if (f.category && s.category !== f.category) return false;
  if (f.tag?.some((t) => !facetValues(s, "tags").includes(t))) return false;
  if (f.architecture && !facetValues(s, "architecture").includes(f.architecture)) return false;
  if (f.region && !facetValues(s, "region").includes(f.region)) return false;
  if (f.author && s.author !== f.author) return false;
  if (f.minRating !== undefined && s.rating < f.minRating) return false;
  if (f.has?.length && !matchesSoftware(s.software, f.has)) return false;
  return true;
}

/** True when a filter needs catalog rows; hiding archived templates needs only the search index. */
export function filtersNeedRows(f: Filters): boolean {
  return Boolean(f.category || f.tag?.length || f.architecture || f.region || f.author || f.minRating !== undefined || f.has?.length);
}
