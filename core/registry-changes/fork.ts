import { escapeText } from "../import/render-readme.js";
import type { Template } from "../types/generated.js";
import { deepClone, formatTemplate, isoDate, readReadme, readTemplate, requireHandle, requireNewId } from "./files.js";
import type { RegistryChange, RegistryFiles } from "./types.js";
import { readmeFile, templateFile } from "./types.js";

export interface ForkOptions {
  /** The caller: the fork's only author and owner. */
  actor: string;
  /** The fork's template id. */
  newId: string;
  /** Display name; default "<parent name> (fork by <actor>)" cut to 80 characters. */
  name?: string;
  description?: string;
  now?: Date;
}

export const FIRST_VERSION = "1.0.0";

/**
 * Copies a template to a new id owned by the caller (POST /templates/{id}/fork). The copy records
 * forked_from (parent id and the version forked), starts again at 1.0.0 with a fresh changelog,
 * keeps the parent's license, and drops what belongs to the parent's authors: their funding
 * acknowledgement, any deprecation, and images captured from their workstations.
 */
export function forkTemplate(registry: RegistryFiles, parentId: string, options: ForkOptions): RegistryChange {
  const actor = requireHandle(options.actor);
  const parent = readTemplate(registry, parentId);
  requireNewId(registry, options.newId);
  const t: Template = deepClone(parent);
  t.template_id = options.newId;
  t.name = options.name?.trim() || forkName(parent.name, actor);
  if (options.description !== undefined) t.description = options.description;
  t.author = actor;
  t.owners = [actor];
  t.version = FIRST_VERSION;
  t.forked_from = { template_id: parentId, version: parent.version };
  const { funding_source: _funding, maintenance: _maintenance, ...publication } = parent.publication;
  t.publication = { ...publication, maintenance_status: "active" };
  if (t.ami?.source_images) {
    const { source_images: _images, ...ami } = t.ami;
    t.ami = ami;
  }
  const notes = [{ kind: "added" as const, description: `Forked from ${parentId} ${parent.version}.` }];
  t.changelog = [{ version: FIRST_VERSION, date: isoDate(options.now ?? new Date()), changes: notes }];

  const readme = forkReadme(readReadme(registry, parentId), t, parent);
  return {
    verb: "fork",
    templateId: t.template_id,
    version: t.version,
    template: t,
    files: [
      { path: templateFile(t.template_id), text: formatTemplate(t) },
      { path: readmeFile(t.template_id), text: readme },
    ],
    title: `Fork ${parentId} ${parent.version} as ${t.template_id}`,
    summary: [
      `Creates ${t.template_id} ${FIRST_VERSION}, a copy of ${parentId} ${parent.version} owned by ${actor}.`,
      `The parent's license (${t.publication.license}) carries over; its changelog, owners and funding acknowledgement do not.`,
    ],
    notes,
    warnings: parent.publication.maintenance_status === "active" ? [] : [`${parentId} is ${parent.publication.maintenance_status}; the fork starts active`],
  };
}

function forkName(name: string, actor: string): string {
  const suffix = ` (fork by ${actor})`;
  return name.length + suffix.length <= 80 ? `${name}${suffix}` : `${name.slice(0, 80 - suffix.length - 1).trimEnd()}…${suffix}`;
}

/** The parent's README with its title replaced and a note under it saying where the copy came from. */
function forkReadme(parentReadme: string | undefined, t: Template, parent: Template): string {
  const note = `> Forked from \`${parent.template_id}\` ${parent.version} (${escapeText(parent.name)}) by ${t.author}.`;
  const body = (parentReadme ?? `${escapeText(parent.description)}\n`).replace(/^\uFEFF/, "");
  const lines = body.split("\n");
  const titleAt = lines.findIndex((l) => /^#\s/.test(l));
  const title = `# ${escapeText(t.name)}`;
  if (titleAt >= 0) lines.splice(titleAt, 1, title, "", note);
  else lines.unshift(title, "", note, "");
  const text = lines.join("\n");
  return text.endsWith("\n") ? text : `${text}\n`;
}
