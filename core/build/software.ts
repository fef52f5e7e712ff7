import { type CycloneDx, mergeSboms, softwareSummary } from "../sbom/cyclonedx.js";
import { declaredSoftware } from "../sbom/declared.js";
import type { SoftwareEntry, SoftwareSource } from "../spec/software.js";
import type { AmiSbom, AmiState, Architecture, PublishedTemplate, Template } from "../types/generated.js";

export interface VersionSoftware {
  source: SoftwareSource;
  software: SoftwareEntry[];
  /** The version's published SBOM, when its images were built with one. */
  document?: CycloneDx;
}

type VersionedTemplate = Pick<Template, "template_id" | "version" | "environment">;

/**
 * What a record says is installed: the SBOMs the AMI pipeline captured for the architectures
 * that have a published AMI of this version, merged; else the declared packages. An SBOM of an
 * architecture without a usable AMI is left out: it describes no image anyone can launch.
 * Works for the current version and for an earlier one whose SBOMs the state kept under previous.
 */
export function versionSoftware(t: VersionedTemplate, state: AmiState, amis: PublishedTemplate["amis"]): VersionSoftware {
  const sboms = recordedSboms(state, t.template_id, t.version);
  const published = new Set(Object.values(amis).flatMap((byArch) => Object.keys(byArch ?? {}))) as Set<Architecture>;
  const byArch = (["x86_64", "arm64"] as const).flatMap((arch) => {
    const sbom = sboms?.[arch];
    return sbom && published.has(arch) ? [{ arch, sbom: sbom.document as unknown as CycloneDx }] : [];
  });
  if (byArch.length === 0) return { source: "declared", software: declaredSoftware(t.environment) };
  const document = mergeSboms(t.template_id, t.version, byArch);
  return { source: "sbom", software: softwareSummary(document), document };
}

/** The SBOMs the state holds for one version: the current version's, or an earlier one's. */
function recordedSboms(state: AmiState, id: string, version: string): Partial<Record<Architecture, AmiSbom>> | undefined {
  const entry = state.templates[id];
  if (!entry) return undefined;
  return entry.template_version === version ? entry.sboms : entry.previous?.[version]?.sboms;
}
