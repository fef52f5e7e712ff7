import type { AmiState, AmiTemplateState, Architecture } from "../types/generated.js";

export type AmiRecord = NonNullable<NonNullable<AmiTemplateState["regions"][string]>["x86_64"]>;
export type SbomRecord = NonNullable<NonNullable<AmiTemplateState["sboms"]>["x86_64"]>;

export interface SbomUpdate {
  templateId: string;
  templateVersion: string;
  arch: Architecture;
  sbom: SbomRecord;
}

export interface AmiUpdate {
  templateId: string;
  templateVersion: string;
  region: string;
  arch: Architecture;
  ami: AmiRecord;
}

/**
 * The state with one region/architecture entry set. Pure, and merging one entry at a time is
 * what lets a failure in one region leave every other region's record intact. A new template
 * version starts an empty entry (the build only publishes AMIs of the current version), and a
 * failure never overwrites an available AMI of the same version.
 */
export function applyUpdate(state: AmiState, update: AmiUpdate): AmiState {
  const current = state.templates[update.templateId];
  const entry: AmiTemplateState =
    current && current.template_version === update.templateVersion
      ? { template_version: current.template_version, regions: { ...current.regions }, ...(current.sboms ? { sboms: current.sboms } : {}) }
      : { template_version: update.templateVersion, regions: {} };
  const region = { ...(entry.regions[update.region] ?? {}) };
  const existing = region[update.arch];
  if (update.ami.state === "failed" && existing && existing.state !== "failed") return state;
  region[update.arch] = { ...update.ami };
  entry.regions[update.region] = region;
  return { version: 1, templates: { ...state.templates, [update.templateId]: entry } };
}

/**
 * The state with one architecture's SBOM set, recorded before that architecture's image is
 * taken. A new template version starts an empty entry, as applyUpdate does.
 */
export function applySbom(state: AmiState, update: SbomUpdate): AmiState {
  const current = state.templates[update.templateId];
  const same = current && current.template_version === update.templateVersion;
  const entry: AmiTemplateState = {
    template_version: update.templateVersion,
    regions: same ? { ...current.regions } : {},
    sboms: { ...(same ? current.sboms : {}), [update.arch]: update.sbom },
  };
  return { version: 1, templates: { ...state.templates, [update.templateId]: entry } };
}

/** The SBOM the state holds for this version and architecture, if any. */
export function recordedSbom(state: AmiState | undefined, templateId: string, version: string, arch: Architecture): SbomRecord | undefined {
  const entry = state?.templates[templateId];
  return entry && entry.template_version === version ? entry.sboms?.[arch] : undefined;
}

/** Regions where the state already holds an available AMI of this version and architecture. */
export function recordedRegions(state: AmiState | undefined, templateId: string, version: string, arch: Architecture): string[] {
  const entry = state?.templates[templateId];
  if (!entry || entry.template_version !== version) return [];
  return Object.entries(entry.regions)
    .filter(([, byArch]) => {
      const ami = byArch?.[arch];
      return ami !== undefined && ami.state !== "failed";
    })
    .map(([region]) => region)
    .sort();
}

/** Every AMI id the state refers to: what the build publishes, so lifecycle must never remove it. */
export function referencedImageIds(state: AmiState): Set<string> {
  const ids = new Set<string>();
  for (const entry of Object.values(state.templates)) {
    for (const byArch of Object.values(entry?.regions ?? {})) {
      for (const ami of [byArch?.x86_64, byArch?.arm64]) if (ami) ids.add(ami.image_id);
    }
  }
  return ids;
}

/** State JSON with templates and regions sorted, so diffs of the file stay small. */
export function serializeAmiState(state: AmiState): string {
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const templates = sorted(
    Object.fromEntries(
      Object.entries(state.templates).map(([id, e]) => [
        id,
        e ? { template_version: e.template_version, regions: sorted(e.regions), ...(e.sboms ? { sboms: sorted(e.sboms) } : {}) } : e,
      ]),
    ),
  );
  return `${JSON.stringify({ version: 1, templates }, null, 2)}\n`;
}
