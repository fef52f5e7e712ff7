import type { TemplateVersion, TemplateVersionEntry, TemplateVersions } from "../types/generated.js";

/**
 * Every published version of a template (docs/client-spec.md §3.6): the version list
 * (templates/<id>/versions/index.json) and what a client concludes from it. A version is
 * supported while it is the latest, and for support_window_days after the next version
 * replaced it; inside that window it stays launchable by version and lifecycle keeps its AMIs.
 */

export const VERSIONS_SPEC_VERSION = 1;
/** Used when a template's publication names no support_window_days. */
export const DEFAULT_SUPPORT_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

/** End of a replaced version's support window (RFC 3339, whole seconds). */
export function supportedUntil(supersededAt: string, windowDays: number): string {
  return new Date(Date.parse(supersededAt) + windowDays * DAY_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type VersionSupport =
  | { kind: "current"; entry: TemplateVersionEntry }
  | { kind: "supported"; entry: TemplateVersionEntry; until: string }
  | { kind: "past-window"; entry: TemplateVersionEntry; until: string }
  | { kind: "ami-retired"; entry: TemplateVersionEntry }
  | { kind: "unknown" };

/** Where a version stands at `now`: the latest, inside or past its window, AMIs retired, or never published. */
export function versionSupport(index: TemplateVersions, version: string, now: Date): VersionSupport {
  const entry = index.versions.find((v) => v.version === version);
  if (!entry) return { kind: "unknown" };
  if (entry.version === index.latest) return { kind: "current", entry };
  if (entry.ami_retired) return { kind: "ami-retired", entry };
  const until = entry.supported_until ?? (entry.superseded_at ? supportedUntil(entry.superseded_at, index.support_window_days) : undefined);
  if (until === undefined) return { kind: "current", entry };
  return Date.parse(until) > now.getTime() ? { kind: "supported", entry, until } : { kind: "past-window", entry, until };
}

/**
 * The newest version a user of `version` can move to: same major version, sharing an
 * architecture with it when both list theirs, and still supported at `now`; else the latest.
 */
export function newestCompatible(index: TemplateVersions, version: string, now: Date): string {
  const from = index.versions.find((v) => v.version === version);
  const major = version.split(".")[0];
  for (const entry of index.versions) {
    if (entry.version.split(".")[0] !== major) continue;
    if (from?.architectures && entry.architectures && !entry.architectures.some((a) => from.architectures?.includes(a))) continue;
    const support = versionSupport(index, entry.version, now);
    if (support.kind === "current" || support.kind === "supported") return entry.version;
  }
  return index.latest;
}

export class VersionsFormatError extends Error {
  override readonly name = "VersionsFormatError";
}

const decoder = new TextDecoder();

/** Reads a version list, refusing newer spec versions and shapes this client cannot use. */
export function parseVersionsIndex(bytes: Uint8Array): TemplateVersions {
  const value = parseObject(bytes, "version list");
  checkSpecVersion(value, "version list");
  const { template_id, latest, support_window_days, versions } = value as Partial<TemplateVersions>;
  if (typeof template_id !== "string" || typeof latest !== "string" || typeof support_window_days !== "number" || !Array.isArray(versions)) {
    throw new VersionsFormatError("the version list lacks template_id, latest, support_window_days or versions");
  }
  for (const v of versions) {
    if (!v || typeof v.version !== "string" || typeof v.published_at !== "string")
      throw new VersionsFormatError("a version list entry lacks version or published_at");
  }
  return value as unknown as TemplateVersions;
}

/** Reads one version record, refusing newer spec versions and records without a template. */
export function parseVersionRecord(bytes: Uint8Array): TemplateVersion {
  const value = parseObject(bytes, "version record");
  checkSpecVersion(value, "version record");
  const { template_id, version, template, amis } = value as Partial<TemplateVersion>;
  if (typeof template_id !== "string" || typeof version !== "string" || !template || typeof template !== "object" || !amis || typeof amis !== "object") {
    throw new VersionsFormatError("the version record lacks template_id, version, template or amis");
  }
  return value as unknown as TemplateVersion;
}

function parseObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new VersionsFormatError(`the ${what} is not JSON`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new VersionsFormatError(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function checkSpecVersion(value: Record<string, unknown>, what: string): void {
  const spec = value.spec_version;
  if (typeof spec !== "number" || spec > VERSIONS_SPEC_VERSION) {
    throw new VersionsFormatError(`the ${what} uses spec version ${String(spec)}; this client reads ${VERSIONS_SPEC_VERSION}`);
  }
}
