import { type Ecosystem, entrySatisfies, type HasSpec, type SoftwareEntry, type SoftwareSource } from "./software.js";

/** A catalog row's `software` (docs/client-spec.md §3.2): its source and [ecosystem, name, version] rows. */
export interface CatalogSoftware {
  source: SoftwareSource;
  packages: [Ecosystem, string, string][];
}

export function catalogEntries(software: CatalogSoftware): SoftwareEntry[] {
  return software.packages.map(([ecosystem, name, version]) => ({ ecosystem, name, version }));
}

/**
 * The installed-software filter (`--has`, the site's software facet): every spec must be
 * satisfied by at least one package. A template without `software` satisfies none, so a
 * filter never lets through a template it knows nothing about. Specs are parsed by the caller
 * (parseHasSpec), which reports bad ones.
 */
export function matchesSoftware(software: CatalogSoftware | undefined, specs: readonly HasSpec[]): boolean {
  if (specs.length === 0) return true;
  if (!software) return false;
  return specs.every((spec) =>
    software.packages.some(([ecosystem, name, version]) => entrySatisfies({ ecosystem, name, version }, software.source, spec)),
  );
}
