import { ECOSYSTEMS, type Ecosystem, entrySatisfies, type HasSpec, type SoftwareEntry, type SoftwareSource } from "./software.js";

/** A catalog row's `software` (docs/client-spec.md §3.2): its source and [ecosystem, name, version] rows. */
export interface CatalogSoftware {
  source: SoftwareSource;
  packages: readonly (readonly string[])[];
}

/** The rows as entries; a row of an ecosystem this client does not know is skipped (§8: ignore what you do not know). */
export function catalogEntries(software: CatalogSoftware): SoftwareEntry[] {
  return software.packages.flatMap(([ecosystem = "", name = "", version = ""]) =>
    ECOSYSTEMS.includes(ecosystem as Ecosystem) && name ? [{ ecosystem: ecosystem as Ecosystem, name, version }] : [],
  );
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
  const entries = catalogEntries(software);
  return specs.every((spec) => entries.some((entry) => entrySatisfies(entry, software.source, spec)));
}
