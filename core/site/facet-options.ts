import { CATALOG_FACET, FACETS, type Facet } from "../spec/facets.js";
import { emptyState, facetCounts, MIN_RATINGS } from "./browse.js";
import type { SiteData } from "./site-data.js";
import { ARCH_LABELS, STATUS_LABELS } from "./view.js";

export interface FacetOption {
  value: string;
  label: string;
  /** Count in the initial (unfiltered) state; the browse script keeps it current. */
  count: number;
}

export interface FacetGroup {
  facet: Facet;
  legend: string;
  options: FacetOption[];
  /** How many options show before "Show more" (long lists such as tags). */
  visible: number;
}

const LEGENDS: Record<Facet, string> = {
  category: "Category",
  tags: "Tags",
  architecture: "Architecture",
  region: "Region",
  license: "License",
  status: "Maintenance status",
};

/**
 * Every facet value the catalog has, labelled and ordered for the filter panel: categories in
 * taxonomy order, fixed orders for architecture and status, the rest by count then name.
 * Values come from the whole catalog so every checkbox exists before any filtering.
 */
export function facetGroups(data: SiteData): FacetGroup[] {
  const initial = facetCounts(data.catalog.templates, emptyState()).facets;
  const categoryOrder = data.categories.categories.map((c) => c.id);
  return FACETS.map((facet) => {
    const all = new Set<string>(Object.keys(data.catalog.facets[CATALOG_FACET[facet]]));
    const options = [...all].map((value) => ({ value, label: label(data, facet, value), count: initial[facet].get(value) ?? 0 }));
    options.sort(order(facet, categoryOrder, data.catalog.facets));
    return { facet, legend: LEGENDS[facet], options, visible: facet === "tags" || facet === "region" ? 8 : options.length };
  });
}

export function ratingOptions(data: SiteData): FacetOption[] {
  const { ratings } = facetCounts(data.catalog.templates, emptyState());
  return MIN_RATINGS.map((r) => ({ value: String(r), label: `${r}★ & up`, count: ratings.get(r) ?? 0 }));
}

function label(data: SiteData, facet: Facet, value: string): string {
  if (facet === "category") return data.categories.categories.find((c) => c.id === value)?.name ?? value;
  if (facet === "architecture") return ARCH_LABELS[value] ?? value;
  if (facet === "status") return STATUS_LABELS[value] ?? value;
  return value;
}

function order(facet: Facet, categoryOrder: string[], totals: SiteData["catalog"]["facets"]): (a: FacetOption, b: FacetOption) => number {
  const fixed: Partial<Record<Facet, string[]>> = { category: categoryOrder, architecture: ["x86_64", "arm64"], status: ["active", "deprecated", "archived"] };
  const list = fixed[facet];
  if (list) return (a, b) => rank(list, a.value) - rank(list, b.value) || a.value.localeCompare(b.value);
  // Rank by how many templates have the value overall, so the list does not jump as filters change.
  const total = totals[CATALOG_FACET[facet]];
  return (a, b) => (total[b.value] ?? 0) - (total[a.value] ?? 0) || a.value.localeCompare(b.value);
}

function rank(list: string[], value: string): number {
  const i = list.indexOf(value);
  return i === -1 ? list.length : i;
}
