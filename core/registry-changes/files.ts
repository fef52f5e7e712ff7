import { CwsError, EXIT } from "../errors.js";
import { HANDLE, TEMPLATE_ID } from "../spec/ids.js";
import type { Template } from "../types/generated.js";
import { closest } from "../util/edit-distance.js";
import type { ChangeNote, RegistryFiles } from "./types.js";
import { readmeFile, templateFile } from "./types.js";

/**
 * Exit codes of publishing errors; the same numbers as the CLI's (cli/src/lib/errors.ts), so the
 * CLI passes them through, and the API maps them to 400/404/409.
 */

export function publishError(code: string, message: string, hint: string, exit: number = EXIT.usage): CwsError {
  return new CwsError(code, message, hint, exit);
}

/** Template ids in the registry, sorted. */
export function templateIds(registry: RegistryFiles): string[] {
  const ids = new Set<string>();
  for (const path of registry.keys()) {
    const m = /^templates\/([^/]+)\/template\.json$/.exec(path);
    if (m?.[1]) ids.add(m[1]);
  }
  return [...ids].sort();
}

/** A template's parsed template.json, or a TEMPLATE_NOT_FOUND error that suggests the closest id. */
export function readTemplate(registry: RegistryFiles, id: string): Template {
  const text = registry.get(templateFile(id));
  if (text === undefined) {
    const guess = closest(id, templateIds(registry));
    throw publishError(
      "TEMPLATE_NOT_FOUND",
      `no template "${id}" in the registry`,
      guess ? `did you mean "${guess}"?` : "check the id with `cws marketplace my-publications` or `cws marketplace search`",
      EXIT.notFound,
    );
  }
  try {
    return JSON.parse(text) as Template;
  } catch (error) {
    throw publishError(
      "TEMPLATE_UNREADABLE",
      `templates/${id}/template.json on the registry's main branch is not valid JSON (${(error as Error).message})`,
      "ask the registry maintainers to fix it first",
      EXIT.failed,
    );
  }
}

export function readReadme(registry: RegistryFiles, id: string): string | undefined {
  return registry.get(readmeFile(id));
}

export function requireNewId(registry: RegistryFiles, id: string): void {
  if (!TEMPLATE_ID.test(id)) {
    throw publishError(
      "BAD_ID",
      `"${id}" is not a valid template id`,
      "use 3-64 lowercase letters, digits and single hyphens, starting and ending with a letter or digit, e.g. my-lab-genomics",
    );
  }
  if (registry.has(templateFile(id))) {
    throw publishError(
      "TEMPLATE_EXISTS",
      `template "${id}" already exists in the registry`,
      `choose another id, or change it with \`cws marketplace update ${id}\` if you own it`,
      EXIT.refused,
    );
  }
}

export function requireHandle(handle: string, what = "--as"): string {
  const h = handle.trim().toLowerCase();
  if (!HANDLE.test(h)) {
    throw publishError("BAD_HANDLE", `${what} "${handle}" is not a valid handle`, "use your GitHub-style handle: lowercase letters, digits and single hyphens");
  }
  return h;
}

/** Top-level keys in the order of the schema, so new and edited files read like hand-written ones. */
const KEY_ORDER = [
  "$schema",
  "template_id",
  "name",
  "description",
  "author",
  "owners",
  "version",
  "category",
  "tags",
  "research_domains",
  "architecture",
  "regions",
  "publication",
  "forked_from",
  "changelog",
  "validation_tests",
  "ami",
  "environment",
];

/** template.json text: two-space JSON with a final newline, top-level keys in schema order. */
export function formatTemplate(t: Template): string {
  const source = t as unknown as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (source[key] !== undefined) ordered[key] = source[key];
  for (const [key, value] of Object.entries(source)) if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return formatJson(ordered);
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** YYYY-MM-DD in UTC. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export const CHANGELOG_MAX = 200;

/** Prepends a changelog entry (newest first), keeping the schema's limit of 200 entries. */
export function withChangelogEntry(t: Template, version: string, date: string, notes: ChangeNote[]): Template["changelog"] {
  const older = (t.changelog ?? []).filter((e) => e.version !== version);
  return [{ version, date, changes: notes.map((n) => ({ kind: n.kind, description: n.description })) }, ...older].slice(0, CHANGELOG_MAX);
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}
