import type { Template } from "../types/generated.js";
import { deepClone, formatTemplate, isoDate, publishError, readReadme, readTemplate, withChangelogEntry } from "./files.js";
import { applyEdit, type FieldEdit } from "./set-path.js";
import type { ChangeNote, FileChange, RegistryChange, RegistryFiles } from "./types.js";
import { readmeFile, templateFile } from "./types.js";
import { type Bump, bumpVersion, checkNewVersion } from "./version.js";

export interface UpdateOptions {
  /** The caller's handle (recorded in the summary; ownership is checked by validation, rule CWS404). */
  actor: string;
  name?: string;
  description?: string;
  /** Field edits from --set / --unset, applied in order. */
  edits?: FieldEdit[];
  /** A new README.md. */
  readme?: string;
  /** Default patch. Ignored when version is given. */
  bump?: Bump;
  version?: string;
  /** Changelog lines; when absent, one "changed" line lists the fields that changed. */
  notes?: ChangeNote[];
  now?: Date;
}

/**
 * Edits a template's fields, raises its version and adds a changelog entry (PUT /templates/{id}).
 * Pure: the registry's files in, the changed files out. A change that edits nothing must at least
 * say why in a note (a rebuild, say), so no empty release is made by accident.
 */
export function updateTemplate(registry: RegistryFiles, id: string, options: UpdateOptions): RegistryChange {
  const before = readTemplate(registry, id);
  const t = deepClone(before);
  const changed: string[] = [];
  if (options.name !== undefined && options.name !== t.name) {
    t.name = options.name;
    changed.push("name");
  }
  if (options.description !== undefined && options.description !== t.description) {
    t.description = options.description;
    changed.push("description");
  }
  const doc = t as unknown as Record<string, unknown>;
  for (const edit of options.edits ?? []) if (applyEdit(doc, edit)) changed.push(edit.path);

  const readme = options.readme;
  const readmeChanged = readme !== undefined && readme !== readReadme(registry, id);
  if (readmeChanged) changed.push("README.md");

  if (changed.length === 0 && !options.notes?.length) {
    throw publishError(
      "NOTHING_TO_CHANGE",
      `nothing to change in "${id}"`,
      'pass --description, --set path=value, --readme <file>, or --note "why this release" for a release without edits',
    );
  }
  const version = options.version !== undefined ? checkNewVersion(before.version, options.version) : bumpVersion(before.version, options.bump ?? "patch");
  t.version = version;
  const fields = [...new Set(changed)];
  const notes = options.notes?.length ? options.notes : [{ kind: "changed" as const, description: `Updated ${listText(fields)}.` }];
  t.changelog = withChangelogEntry(t, version, isoDate(options.now ?? new Date()), notes);

  const files: FileChange[] = [{ path: templateFile(id), text: formatTemplate(t) }];
  if (readmeChanged && readme !== undefined) files.push({ path: readmeFile(id), text: readme.endsWith("\n") ? readme : `${readme}\n` });
  return {
    verb: "update",
    templateId: id,
    version,
    previousVersion: before.version,
    template: t,
    files,
    title: `Update ${id} to ${version}`,
    summary: [`Updates ${id} from ${before.version} to ${version}${fields.length ? `, changing ${listText(fields)}` : ""}.`, `Requested by ${options.actor}.`],
    notes,
    warnings: statusWarnings(before),
  };
}

function statusWarnings(t: Template): string[] {
  const status = t.publication.maintenance_status;
  return status === "active" ? [] : [`${t.template_id} is ${status}; this update does not change that (use --set publication.maintenance_status=active)`];
}

export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
