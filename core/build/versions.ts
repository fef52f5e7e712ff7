import type { CycloneDx } from "../sbom/cyclonedx.js";
import { validatorFor } from "../schema/ajv.js";
import type { SchemaName } from "../schema/schemas.js";
import { templateSbomPath, templateVersionPath, templateVersionsPath } from "../spec/layout.js";
import { DEFAULT_SUPPORT_WINDOW_DAYS, supportedUntil, VERSIONS_SPEC_VERSION } from "../spec/versions-format.js";
import type { AmiRegions, Template, TemplateVersion, TemplateVersionEntry, TemplateVersions } from "../types/generated.js";
import { compareSemver } from "../util/semver.js";
import type { BuildInput, VersionSource } from "./inputs.js";
import { usableAmis } from "./published-record.js";
import { versionSoftware } from "./software.js";

/** A JSON file checked against its schema, or a version's SBOM (checked against CycloneDX 1.5). */
export type VersionFile = { path: string; schema: SchemaName; value: TemplateVersion | TemplateVersions } | { path: string; sbom: CycloneDx };

/**
 * templates/<id>/versions/ for one published template (docs/client-spec.md §3.6): a record per
 * version and the version list. The current version is the working tree's template (what
 * metadata.json publishes); earlier ones are git's (read-versions.ts). A past version whose
 * template no longer passes today's schema is left out: clients of this spec could not read it.
 * Versions newer than the current one (a reverted bump) were never the published latest here.
 * Each record says what its images hold (software, from the SBOMs the AMI state kept for that
 * version, else its declared packages), and its SBOM is published beside it.
 */
export function versionFiles(t: Template, input: BuildInput): VersionFile[] {
  const id = t.template_id;
  const events = new Map((input.history.get(id)?.versions ?? []).map((e) => [e.version, e]));
  const validTemplate = validatorFor("template");
  const past = (input.versionSources?.get(id) ?? []).filter(
    (s) => s.version !== t.version && compareSemver(s.version, t.version) < 0 && s.template.template_id === id && validTemplate(s.template),
  );
  const sources: VersionSource[] = [{ version: t.version, commit: events.get(t.version)?.commit ?? "", template: t }, ...past];
  sources.sort((a, b) => compareSemver(b.version, a.version));

  const state = input.amiState.templates[id];
  const windowDays = t.publication.support_window_days ?? DEFAULT_SUPPORT_WINDOW_DAYS;
  const files: VersionFile[] = [];
  const entries: TemplateVersionEntry[] = [];
  let newerPublishedAt: string | undefined;
  for (const source of sources) {
    const { $schema: _schema, ...template } = source.template;
    const event = events.get(source.version);
    const publishedAt = event?.date ?? firstChangelogDate(template, source.version) ?? input.generatedAt;
    const regions: AmiRegions | undefined = state?.template_version === source.version ? state.regions : state?.previous?.[source.version]?.regions;
    const doi = template.changelog?.find((c) => c.version === source.version)?.doi;
    const amis = regions ? usableAmis(template, regions) : {};
    const installed = versionSoftware(template, input.amiState, amis);
    const sbomPath = templateSbomPath(id, source.version);
    const record: TemplateVersion = {
      spec_version: VERSIONS_SPEC_VERSION,
      template_id: id,
      version: source.version,
      published_at: publishedAt,
      ...(event ? { commit: event.commit } : {}),
      ...(doi ? { doi } : {}),
      template,
      amis,
      software: installed.software,
      software_source: installed.source,
      ...(installed.document ? { sbom: sbomPath } : {}),
    };
    files.push({ path: templateVersionPath(id, source.version), schema: "templateVersion", value: record });
    if (installed.document) files.push({ path: sbomPath, sbom: installed.document });
    const supersededAt = newerPublishedAt;
    entries.push({
      version: source.version,
      published_at: publishedAt,
      ...(supersededAt ? { superseded_at: supersededAt, supported_until: supportedUntil(supersededAt, windowDays) } : {}),
      ...(state?.previous?.[source.version]?.retired_at ? { ami_retired: true } : {}),
      ...(doi ? { doi } : {}),
      architectures: [...template.architecture],
    });
    newerPublishedAt = publishedAt;
  }
  const index: TemplateVersions = {
    spec_version: VERSIONS_SPEC_VERSION,
    template_id: id,
    latest: t.version,
    support_window_days: windowDays,
    versions: entries,
  };
  files.push({ path: templateVersionsPath(id), schema: "templateVersions", value: index });
  return files;
}

/** A version git does not date (a plain folder): its changelog entry's date, at midnight UTC. */
function firstChangelogDate(t: Omit<Template, "$schema">, version: string): string | undefined {
  const date = t.changelog?.find((c) => c.version === version)?.date;
  return date ? `${date}T00:00:00Z` : undefined;
}
