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
      ? {
          template_version: current.template_version,
          regions: { ...current.regions },
          ...(current.sboms ? { sboms: current.sboms } : {}),
          ...(current.previous ? { previous: current.previous } : {}),
        }
      : { template_version: update.templateVersion, regions: {}, ...carryPrevious(current, update.ami.created_at, update.ami.state === "failed") };
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
    // A new version's first SBOM must not drop the replaced version's AMIs (its support window).
    ...(same ? (current.previous ? { previous: current.previous } : {}) : carryPrevious(current, update.sbom.captured_at, false)),
  };
  return { version: 1, templates: { ...state.templates, [update.templateId]: entry } };
}

/** The SBOM the state holds for this version and architecture, if any. */
export function recordedSbom(state: AmiState | undefined, templateId: string, version: string, arch: Architecture): SbomRecord | undefined {
  const entry = state?.templates[templateId];
  return entry && entry.template_version === version ? entry.sboms?.[arch] : undefined;
}

/**
 * A new version's first record keeps the replaced version's AMIs (and SBOMs) under previous, so
 * that version stays launchable (and its AMIs kept) through its support window. A version with no
 * available AMI has nothing to keep.
 */
function carryPrevious(current: AmiTemplateState | undefined, supersededAt: string, failed: boolean): Pick<AmiTemplateState, "previous"> {
  const previous = { ...(current?.previous ?? {}) };
  if (current && !failed && hasAvailable(current.regions)) {
    // Its SBOMs go along: the version's published record keeps saying what its images hold.
    previous[current.template_version] = { regions: current.regions, superseded_at: supersededAt, ...(current.sboms ? { sboms: current.sboms } : {}) };
  }
  return Object.keys(previous).length > 0 ? { previous } : {};
}

function hasAvailable(regions: AmiTemplateState["regions"]): boolean {
  return Object.values(regions).some((byArch) => [byArch?.x86_64, byArch?.arm64].some((ami) => ami && ami.state !== "failed"));
}

/** The state with every earlier version whose AMIs include one of imageIds marked retired (lifecycle deregistered it). */
export function markRetired(state: AmiState, imageIds: ReadonlySet<string>, at: string): AmiState {
  const templates = { ...state.templates };
  for (const [id, entry] of Object.entries(templates)) {
    if (!entry?.previous) continue;
    const previous = { ...entry.previous };
    for (const [version, past] of Object.entries(previous)) {
      if (!past || past.retired_at) continue;
      const ids = Object.values(past.regions).flatMap((byArch) => [byArch?.x86_64?.image_id, byArch?.arm64?.image_id]);
      if (ids.some((x) => x !== undefined && imageIds.has(x))) previous[version] = { ...past, retired_at: at };
    }
    templates[id] = { ...entry, previous };
  }
  return { version: 1, templates };
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

/**
 * Every AMI id the state refers to: what the build publishes, so lifecycle must never remove it.
 * Earlier versions count while `supported` says they are inside their support window (by
 * default always: without a policy nothing is given up).
 */
export function referencedImageIds(
  state: AmiState,
  supported: (templateId: string, version: string, supersededAt: string) => boolean = () => true,
): Set<string> {
  const ids = new Set<string>();
  const add = (regions: AmiTemplateState["regions"]) => {
    for (const byArch of Object.values(regions)) for (const ami of [byArch?.x86_64, byArch?.arm64]) if (ami) ids.add(ami.image_id);
  };
  for (const [id, entry] of Object.entries(state.templates)) {
    if (!entry) continue;
    add(entry.regions);
    for (const [version, past] of Object.entries(entry.previous ?? {})) {
      if (past && !past.retired_at && supported(id, version, past.superseded_at)) add(past.regions);
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
        e
          ? {
              template_version: e.template_version,
              regions: sorted(e.regions),
              ...(e.sboms ? { sboms: sorted(e.sboms) } : {}),
              ...(e.previous
                ? {
                    previous: sorted(
                      Object.fromEntries(
                        Object.entries(e.previous).map(([v, p]) => [
                          v,
                          p ? { ...p, regions: sorted(p.regions), ...(p.sboms ? { sboms: sorted(p.sboms) } : {}) } : p,
                        ]),
                      ),
                    ),
                  }
                : {}),
            }
          : e,
      ]),
    ),
  );
  return `${JSON.stringify({ version: 1, templates }, null, 2)}\n`;
}
