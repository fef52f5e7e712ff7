import type { AmiState, Categories, Featured, Review, Template } from "../types/generated.js";

/** A template version as git recorded it. */
export interface VersionEvent {
  version: string;
  date: string;
  commit: string;
}

export interface TemplateHistory {
  /** Time of the newest commit that touched the template's folder (RFC 3339). */
  lastUpdated: string;
  /** Versions, newest first. */
  versions: VersionEvent[];
  /** False when older history was unavailable (shallow clone, or no git at all). */
  complete: boolean;
}

/** Community counters as the stats store (DynamoDB community-templates) keeps them. */
export interface TemplateStats {
  rating_count: number;
  rating_sum: number;
  rating_histogram: Record<"1" | "2" | "3" | "4" | "5", number>;
  reviews: number;
  downloads: number;
  launches: number;
  launch_successes: number;
  launch_failures: number;
  trending_7d: number;
  trending_30d: number;
}

/** Everything the build reads, as plain data: the tree is a pure function of it. */
export interface BuildInput {
  templates: Template[];
  docs: ReadonlyMap<string, string>;
  /** Screenshot bytes by template id, then file name. */
  screenshots: ReadonlyMap<string, ReadonlyMap<string, Uint8Array>>;
  history: ReadonlyMap<string, TemplateHistory>;
  stats: ReadonlyMap<string, TemplateStats>;
  reviews: ReadonlyMap<string, Review[]>;
  amiState: AmiState;
  categories: Categories;
  featured: Featured;
  /** Build time: SOURCE_DATE_EPOCH, else the commit time, so builds of a commit are identical. */
  generatedAt: string;
}

export function zeroStats(): TemplateStats {
  return {
    rating_count: 0,
    rating_sum: 0,
    rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 },
    reviews: 0,
    downloads: 0,
    launches: 0,
    launch_successes: 0,
    launch_failures: 0,
    trending_7d: 0,
    trending_30d: 0,
  };
}
