import type { Diagnostic, Location } from "../diagnostics/diagnostic.js";
import type { Template } from "../types/generated.js";
import type { TemplateLibrary } from "./inherit.js";

/** What the command line adds to the YAML: marketplace facts CloudWorkstation templates do not carry. */
export interface ImportOptions {
  /** template_id to use instead of the slug or name. */
  id?: string;
  /** Author handle; defaults to the YAML maintainer turned into a handle. */
  author?: string;
  /** Owner handles; the author is always added. */
  owners?: readonly string[];
  /** Category id; defaults to the YAML category in kebab-case. */
  category?: string;
  /** Category id used when nothing in the YAML maps to one (a folder of templates often has a few such). */
  defaultCategory?: string;
  /** SPDX license id; defaults to DEFAULT_LICENSE. */
  license?: string;
  /**
   * Category ids of the target registry (registry/categories.json). Undefined when the registry
   * has no taxonomy yet; then any well-formed id is accepted.
   */
  categories?: readonly string[];
  /** Display names of those categories by id, so "Machine Learning" finds "Machine Learning & AI". */
  categoryNames?: Readonly<Record<string, string>>;
  /** Templates next to the file, where `inherits` looks for parents by name. */
  library?: TemplateLibrary;
}

/** template and readme are present only when there are no error diagnostics. */
export interface ImportResult {
  template?: Template;
  readme?: string;
  diagnostics: Diagnostic[];
  /** Where the value at a template.json pointer came from in the YAML (present with template). */
  locate?: (pointer: string) => Location;
  /** True when the only thing missing was a category nothing in the YAML maps to (the CLI may ask for one). */
  needsCategory?: boolean;
}

/** License used when --license is not given: permissive, with an explicit patent grant. */
export const DEFAULT_LICENSE = "Apache-2.0";
/** Regions used when the YAML has no ami_config.amis: the two CloudWorkstation launches in by default. */
export const DEFAULT_REGIONS = ["us-east-1", "us-west-2"] as const;
