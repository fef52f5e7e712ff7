import { type CycloneDx, mergeSboms, softwareSummary } from "../sbom/cyclonedx.js";
import { declaredSoftware } from "../sbom/declared.js";
import type { SoftwareEntry, SoftwareSource } from "../spec/software.js";
import type { AmiState, Architecture, PublishedTemplate, Template } from "../types/generated.js";

export interface VersionSoftware {
  source: SoftwareSource;
  software: SoftwareEntry[];
  /** The version's published SBOM, when its images were built with one. */
  document?: CycloneDx;
}

/**
 * What a record says is installed: the SBOMs the AMI pipeline captured for the architectures
 * that have a published AMI of this version, merged; else the declared packages. An SBOM of an
 * architecture without a usable AMI is left out: it describes no image anyone can launch.
 */
export function versionSoftware(t: Template, state: AmiState, amis: PublishedTemplate["amis"]): VersionSoftware {
  const entry = state.templates[t.template_id];
  const published = new Set(Object.values(amis).flatMap((byArch) => Object.keys(byArch ?? {}))) as Set<Architecture>;
  const byArch =
    entry && entry.template_version === t.version
      ? (["x86_64", "arm64"] as const).flatMap((arch) => {
          const sbom = entry.sboms?.[arch];
          return sbom && published.has(arch) ? [{ arch, sbom: sbom.document as unknown as CycloneDx }] : [];
        })
      : [];
  if (byArch.length === 0) return { source: "declared", software: declaredSoftware(t.environment) };
  const document = mergeSboms(t.template_id, t.version, byArch);
  return { source: "sbom", software: softwareSummary(document), document };
}
