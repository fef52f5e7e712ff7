import { EXIT } from "../errors.js";
import type { Template } from "../types/generated.js";
import { deepClone, formatTemplate, isoDate, publishError, requireHandle, requireNewId, withChangelogEntry } from "./files.js";
import type { ChangeNote, RegistryChange, RegistryFiles } from "./types.js";
import { REGISTRY_SCHEMA_REF, readmeFile, templateFile } from "./types.js";

/** Marketplace facts a publisher adds on the command line (or in the API request) over a scaffold or an import. */
export interface PublishMetadata {
  name?: string;
  description?: string;
  category?: string;
  tags?: string[];
  license?: string;
  /** Required with license Custom. */
  licenseUrl?: string;
  doi?: string;
  funding?: string;
  visibility?: "public" | "private" | "organization";
  /** Required with visibility organization. */
  organizationId?: string;
  documentationUrl?: string;
}

export interface PublishOptions {
  actor: string;
  readme: string;
  now?: Date;
  /** Where the template came from, for the pull request ("imported from lab.yml"). */
  source?: string;
  warnings?: string[];
}

/**
 * Adds a new template (POST /templates). The caller becomes an owner (rule CWS405) and, unless the
 * template names one, its author; a template without a changelog entry for its version gets one.
 * Pure: the registry's files in, the new files out; validation happens where the files are written.
 */
export function publishTemplate(registry: RegistryFiles, template: Template, options: PublishOptions): RegistryChange {
  const actor = requireHandle(options.actor);
  if (typeof template?.template_id !== "string") {
    throw publishError("BAD_TEMPLATE", "the template has no template_id", "set template_id (or pass --id)", EXIT.usage);
  }
  requireNewId(registry, template.template_id);
  const t = deepClone(template);
  t.$schema = REGISTRY_SCHEMA_REF;
  t.author ||= actor;
  t.owners = [...new Set([actor, ...(Array.isArray(t.owners) ? t.owners : [])])];
  t.version ||= "1.0.0";
  const notes: ChangeNote[] = [{ kind: "added", description: "First published." }];
  const newest = t.changelog?.[0];
  const kept = newest?.version === t.version ? newest.changes.map((c) => ({ kind: c.kind, description: c.description })) : undefined;
  if (!kept) t.changelog = withChangelogEntry(t, t.version, isoDate(options.now ?? new Date()), notes);
  const readme = options.readme.endsWith("\n") ? options.readme : `${options.readme}\n`;
  return {
    verb: "publish",
    templateId: t.template_id,
    version: t.version,
    template: t,
    files: [
      { path: templateFile(t.template_id), text: formatTemplate(t) },
      { path: readmeFile(t.template_id), text: readme },
    ],
    title: `Publish ${t.template_id} ${t.version}`,
    summary: [
      `Adds ${t.template_id} ${t.version}, "${t.name}", owned by ${t.owners.join(", ")}.`,
      ...(options.source ? [`Source: ${options.source}.`] : []),
      ...(t.forked_from && !options.source?.includes(t.forked_from.template_id) ? [`Derived from ${t.forked_from.template_id} ${t.forked_from.version}.`] : []),
    ],
    notes: kept ?? notes,
    warnings: options.warnings ?? [],
  };
}

/** Lays the publisher's metadata over a template (from the importer or a scaffold); fields not given are kept. */
export function applyMetadata(template: Template, meta: PublishMetadata): Template {
  const t = deepClone(template);
  if (meta.name !== undefined) t.name = meta.name;
  if (meta.description !== undefined) t.description = meta.description;
  if (meta.category !== undefined) t.category = meta.category;
  if (meta.tags !== undefined && meta.tags.length > 0) t.tags = [...new Set(meta.tags)];
  const pub = { ...t.publication };
  if (meta.license !== undefined) {
    pub.license = meta.license;
    if (meta.license !== "Custom") delete pub.license_url;
  }
  if (meta.licenseUrl !== undefined) pub.license_url = meta.licenseUrl;
  if (meta.doi !== undefined) pub.paper_doi = meta.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, "");
  if (meta.funding !== undefined) pub.funding_source = meta.funding;
  if (meta.documentationUrl !== undefined) pub.documentation_url = meta.documentationUrl;
  if (meta.visibility !== undefined) {
    pub.visibility = meta.visibility;
    if (meta.visibility !== "organization") delete pub.organization_id;
  }
  if (meta.organizationId !== undefined) pub.organization_id = meta.organizationId;
  t.publication = pub;
  return t;
}

/** Tags as users type them: "--tags a,b --tags c" or "a b". */
export function splitList(values: readonly string[] | string | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => String(v).split(/[\s,]+/)).filter(Boolean);
  return list.length ? [...new Set(list)] : undefined;
}
