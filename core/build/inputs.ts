import type { TemplateStats } from "../spec/ratings.js";
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

/** A past version's template as git holds it (core/build/read-versions.ts). */
export interface VersionSource {
  version: string;
  /** The newest commit that carried the version. */
  commit: string;
  template: Template;
}

/** Everything the build reads, as plain data: the tree is a pure function of it. */
export interface BuildInput {
  templates: Template[];
  docs: ReadonlyMap<string, string>;
  /** Screenshot bytes by template id, then file name. */
  screenshots: ReadonlyMap<string, ReadonlyMap<string, Uint8Array>>;
  history: ReadonlyMap<string, TemplateHistory>;
  /** Every version git knows of, by template id, for templates/<id>/versions/ (absent outside git). */
  versionSources?: ReadonlyMap<string, readonly VersionSource[]>;
  stats: ReadonlyMap<string, TemplateStats>;
  reviews: ReadonlyMap<string, Review[]>;
  amiState: AmiState;
  categories: Categories;
  featured: Featured;
  /** Build time: SOURCE_DATE_EPOCH, else the commit time, so builds of a commit are identical. */
  generatedAt: string;
}
