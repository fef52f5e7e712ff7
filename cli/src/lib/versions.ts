import { newestCompatible, type VersionSupport, versionSupport } from "../../../core/spec/versions-format.js";
import type { PublishedTemplate, TemplateVersion, TemplateVersions } from "../../../core/types/generated.js";
import { CLI_EXIT, cliError } from "./errors.js";
import type { Entry, Marketplace } from "./marketplace.js";

export interface ResolvedVersion {
  /** The latest record with the version's template and AMIs laid over it: what info and launch use. */
  record: PublishedTemplate & { rating_bayesian?: number };
  version: TemplateVersion;
  index: TemplateVersions;
  support: VersionSupport;
}

/**
 * `<id>@<version>` for info and launch: the version must be published and inside its support
 * window, and its AMIs not retired; otherwise a stable error names the newest compatible
 * version. The version record is read through the same TUF source as the latest, and the launch
 * checks its AMI's owner with EC2 exactly as for the latest: there is no unverified path.
 */
export async function resolveVersion(market: Marketplace, entry: Entry, version: string, now: Date): Promise<ResolvedVersion> {
  const id = entry.summary.template_id;
  const index = await market.versions(entry);
  const support = versionSupport(index, version, now);
  const hint = (v: string) => `use ${id}@${v} (the newest compatible version)${v === index.latest ? "" : `, or ${id} for the latest, ${index.latest}`}`;
  if (support.kind === "unknown") {
    throw cliError(
      "VERSION_NOT_FOUND",
      `${id} has no published version ${version}; published: ${index.versions.map((v) => v.version).join(", ")}`,
      hint(newestCompatible(index, index.latest, now)),
      CLI_EXIT.notFound,
    );
  }
  if (support.kind === "past-window") {
    throw cliError(
      "VERSION_PAST_SUPPORT",
      `${id}@${version} left its support window on ${support.until.slice(0, 10)} (${index.support_window_days} days after ${support.entry.superseded_at?.slice(0, 10) ?? "it was replaced"})`,
      `${hint(newestCompatible(index, version, now))}; \`cws marketplace cite\` and \`diff\` still read it`,
      CLI_EXIT.notFound,
    );
  }
  if (support.kind === "ami-retired") {
    throw cliError(
      "VERSION_AMI_RETIRED",
      `the AMIs of ${id}@${version} have been retired`,
      `${hint(newestCompatible(index, version, now))}; \`cws marketplace cite\` and \`diff\` still read it`,
      CLI_EXIT.notFound,
    );
  }
  const latest = await market.record(entry);
  const record = await market.versionRecord(entry, version);
  return { record: asPublished(latest, record), version: record, index, support };
}

/**
 * A version's template and AMIs over the latest record. Community numbers and the publication
 * status (deprecated, archived) stay the latest's: an archived template is archived in every version.
 */
export function asPublished<T extends PublishedTemplate>(latest: T, v: TemplateVersion): T {
  return { ...latest, ...v.template, publication: latest.publication, amis: v.amis, ami_available: Object.keys(v.amis).length > 0 };
}

/**
 * A version any command may read (cite, diff): listed in the template's version list, supported
 * or not. Returns the list so callers need not read it twice.
 */
export async function listedVersion(market: Marketplace, entry: Entry, version: string | undefined): Promise<{ index: TemplateVersions; version: string }> {
  const index = await market.versions(entry);
  const v = version ?? index.latest;
  if (!index.versions.some((e) => e.version === v)) {
    throw cliError(
      "VERSION_NOT_FOUND",
      `${entry.summary.template_id} has no published version ${v}`,
      `published: ${index.versions.map((e) => e.version).join(", ")}`,
      CLI_EXIT.notFound,
    );
  }
  return { index, version: v };
}

/** `id@version` split; a bare id has no version. */
export function splitRef(text: string): { id: string; version?: string } {
  const at = text.lastIndexOf("@");
  return at > 0 ? { id: text.slice(0, at), version: text.slice(at + 1) } : { id: text };
}
