import type { Template } from "../types/generated.js";

/**
 * The registry as plain data: file text by path relative to the registry folder, such as
 * "templates/jupyter-data-science/template.json" or "featured.json". The CLI reads it from its
 * clone; the API reads it from the same git tree. Only the files the operations need are
 * required: every templates/<id>/template.json, their README.md, and featured.json.
 */
export type RegistryFiles = ReadonlyMap<string, string>;

export type ChangeVerb = "publish" | "update" | "unpublish" | "fork";

export type ChangeKind = "added" | "changed" | "deprecated" | "removed" | "fixed" | "security";

export interface ChangeNote {
  kind: ChangeKind;
  description: string;
}

/** One file to write, by path relative to the registry folder, with its complete new text. */
export interface FileChange {
  path: string;
  text: string;
}

/**
 * What an operation produced: the files to write and how to describe the change in the commit and
 * the pull request. Pure data; nothing has been written anywhere.
 */
export interface RegistryChange {
  verb: ChangeVerb;
  templateId: string;
  /** The template's version after the change. */
  version: string;
  /** The version before the change; undefined for a new template. */
  previousVersion?: string;
  /** The template after the change. */
  template: Template;
  files: FileChange[];
  /** One line: the commit subject and the pull request title, e.g. "Update foo to 1.2.1". */
  title: string;
  /** Paragraphs for the commit body and the pull request description. */
  summary: string[];
  /** The changelog entry added, if any. */
  notes: ChangeNote[];
  /** Things the caller should tell the user (nothing here is an error). */
  warnings: string[];
}

/** Paths of a template's files inside the registry folder. */
export function templateFile(id: string): string {
  return `templates/${id}/template.json`;
}

export function readmeFile(id: string): string {
  return `templates/${id}/README.md`;
}

export const FEATURED_FILE = "featured.json";
export const CATEGORIES_FILE = "categories.json";

/** The $schema registry templates use: editors resolve it from the template's folder. */
export const REGISTRY_SCHEMA_REF = "../../../schemas/template.schema.json";
