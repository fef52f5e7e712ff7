import type { Catalog, TemplateSummary } from "../types/generated.js";

/**
 * The facets templates are filtered and counted by (docs/client-spec.md §3.2), named as the
 * site's URL query names them, in display order. The CLI and the site share these values and
 * the archived rule; how filters combine is each command's (see docs/client-spec.md).
 */
export const FACETS = ["category", "tags", "architecture", "region", "license", "status"] as const;
export type Facet = (typeof FACETS)[number];

/** Each facet's key in catalog.json's `facets` (and in `cws marketplace search --facets --json`). */
export const CATALOG_FACET: Record<Facet, keyof Catalog["facets"]> = {
  category: "category",
  tags: "tags",
  architecture: "architecture",
  region: "region",
  license: "license",
  status: "maintenance_status",
};

export function facetValues(
  s: Pick<TemplateSummary, "category" | "tags" | "architecture" | "regions" | "license" | "maintenance_status">,
  facet: Facet,
): string[] {
  switch (facet) {
    case "category":
      return [s.category];
    case "tags":
      return s.tags;
    case "architecture":
      return s.architecture;
    case "region":
      return s.regions;
    case "license":
      return [s.license];
    case "status":
      return [s.maintenance_status];
  }
}

/** Archived templates are hidden from lists and search unless asked for; deprecated ones stay (§3.1). */
export function hiddenByDefault(s: Pick<TemplateSummary, "maintenance_status">): boolean {
  return s.maintenance_status === "archived";
}

/** Counts per facet value over the given summaries, most common first, then by value. */
export function countFacets(list: readonly TemplateSummary[]): Record<Facet, [string, number][]> {
  const out = {} as Record<Facet, [string, number][]>;
  for (const facet of FACETS) {
    const m = new Map<string, number>();
    for (const s of list) for (const v of new Set(facetValues(s, facet))) m.set(v, (m.get(v) ?? 0) + 1);
    out[facet] = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  return out;
}
