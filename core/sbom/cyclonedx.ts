import { createHash } from "node:crypto";
import type { Ecosystem, SoftwareEntry } from "../spec/software.js";
import type { InstalledPackage } from "./listings.js";

/**
 * The CycloneDX 1.5 JSON documents the AMI build records (one per architecture, in the AMI
 * state) and the build publishes (one per version, every architecture's components in it).
 * Only the fields used here are typed; schemas/vendor/cyclonedx is the authority (validate.ts).
 */
export interface CdxProperty {
  name: string;
  value: string;
}

export interface CdxComponent {
  type: "library" | "application" | "operating-system";
  "bom-ref": string;
  name: string;
  version: string;
  purl?: string;
  properties: CdxProperty[];
}

export interface CycloneDx {
  bomFormat: "CycloneDX";
  specVersion: "1.5";
  serialNumber: string;
  version: number;
  metadata: {
    timestamp: string;
    tools: { components: { type: "application"; name: string }[] };
    component: { type: "platform"; "bom-ref": string; name: string; version: string; properties: CdxProperty[] };
  };
  components: CdxComponent[];
}

export const TOOL_NAME = "cws-ami-pipeline";
/** Property names, in CycloneDX's namespaced form. */
export const PROP = { ecosystem: "cws:ecosystem", arch: "cws:architecture", packageArch: "cws:package_arch", buildKey: "cws:build_key" } as const;

export interface CaptureSubject {
  templateId: string;
  version: string;
  arch: string;
  buildKey: string;
  /** os-release ID and VERSION_ID of the builder ("ubuntu", "24.04"). */
  os?: { id: string; versionId: string };
  capturedAt: string;
}

/** A stable serial number for the same subject, so re-serializing an SBOM never changes its bytes. */
function serial(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const PURL_TYPE: Record<Ecosystem, string> = { deb: "deb", rpm: "rpm", conda: "conda", pip: "pypi", spack: "generic" };

function purl(p: InstalledPackage, os: CaptureSubject["os"]): string {
  const enc = encodeURIComponent;
  const namespace = (p.ecosystem === "deb" || p.ecosystem === "rpm") && os?.id ? `${enc(os.id.toLowerCase())}/` : p.ecosystem === "spack" ? "spack/" : "";
  const name = p.ecosystem === "pip" ? p.name.toLowerCase().replace(/[-_.]+/g, "-") : p.name;
  const qualifiers = [
    ...(p.arch ? [`arch=${enc(p.arch)}`] : []),
    ...(os && (p.ecosystem === "deb" || p.ecosystem === "rpm") ? [`distro=${enc(`${os.id}-${os.versionId}`)}`] : []),
  ];
  return `pkg:${PURL_TYPE[p.ecosystem]}/${namespace}${enc(name)}@${enc(p.version)}${qualifiers.length ? `?${qualifiers.join("&")}` : ""}`;
}

/** One architecture's SBOM: the packages a builder reported, sorted, each with its ecosystem. */
export function sbomFor(subject: CaptureSubject, packages: readonly InstalledPackage[]): CycloneDx {
  const seen = new Set<string>();
  const components: CdxComponent[] = [];
  const sorted = [...packages].sort((a, b) => cmp(key(a), key(b)));
  for (const p of sorted) {
    const ref = `${subject.arch}/${p.ecosystem}/${p.name}@${p.version}${p.arch ? `/${p.arch}` : ""}`;
    if (seen.has(ref)) continue;
    seen.add(ref);
    components.push({
      type: "library",
      "bom-ref": ref,
      name: p.name,
      version: p.version,
      purl: purl(p, subject.os),
      properties: [
        { name: PROP.ecosystem, value: p.ecosystem },
        { name: PROP.arch, value: subject.arch },
        ...(p.arch ? [{ name: PROP.packageArch, value: p.arch }] : []),
      ],
    });
  }
  if (subject.os) {
    components.unshift({
      type: "operating-system",
      "bom-ref": `${subject.arch}/os/${subject.os.id}@${subject.os.versionId}`,
      name: subject.os.id,
      version: subject.os.versionId,
      properties: [{ name: PROP.arch, value: subject.arch }],
    });
  }
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: serial(`${subject.templateId} ${subject.version} ${subject.buildKey}`),
    version: 1,
    metadata: {
      timestamp: subject.capturedAt,
      tools: { components: [{ type: "application", name: TOOL_NAME }] },
      component: {
        type: "platform",
        "bom-ref": `${subject.templateId}@${subject.version}`,
        name: subject.templateId,
        version: subject.version,
        properties: [
          { name: PROP.arch, value: subject.arch },
          { name: PROP.buildKey, value: subject.buildKey },
        ],
      },
    },
    components,
  };
}

// Code-unit order, not locale order: the same bytes on every machine.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const key = (p: InstalledPackage) => `${p.ecosystem}\u0000${p.name}\u0000${p.version}\u0000${p.arch ?? ""}`;

/**
 * A version's published SBOM: every architecture's components (their bom-refs already carry the
 * architecture), under one subject. Architectures in a fixed order, so the bytes are stable.
 */
export function mergeSboms(templateId: string, version: string, byArch: readonly { arch: string; sbom: CycloneDx }[]): CycloneDx {
  const sorted = [...byArch].sort((a, b) => (a.arch < b.arch ? -1 : 1));
  const timestamps = sorted.map((s) => s.sbom.metadata.timestamp).sort();
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: serial(`${templateId} ${version} ${sorted.map((s) => s.sbom.serialNumber).join(" ")}`),
    version: 1,
    metadata: {
      timestamp: timestamps[timestamps.length - 1] ?? "1970-01-01T00:00:00Z",
      tools: { components: [{ type: "application", name: TOOL_NAME }] },
      component: {
        type: "platform",
        "bom-ref": `${templateId}@${version}`,
        name: templateId,
        version,
        properties: sorted.flatMap((s) => s.sbom.metadata.component.properties),
      },
    },
    components: sorted.flatMap((s) => s.sbom.components),
  };
}

const ECOSYSTEM_VALUES = new Set<string>(["deb", "rpm", "conda", "pip", "spack"]);

/** The record's `software` summary: one entry per ecosystem, name and version, over all architectures. */
export function softwareSummary(sbom: Pick<CycloneDx, "components">): SoftwareEntry[] {
  const out = new Map<string, SoftwareEntry>();
  for (const c of sbom.components) {
    const ecosystem = c.properties.find((p) => p.name === PROP.ecosystem)?.value;
    if (!ecosystem || !ECOSYSTEM_VALUES.has(ecosystem)) continue;
    const entry = { name: c.name, version: c.version, ecosystem: ecosystem as Ecosystem };
    out.set(`${entry.ecosystem}\u0000${entry.name}\u0000${entry.version}`, entry);
  }
  return [...out.values()].sort((a, b) => cmp(a.ecosystem, b.ecosystem) || cmp(a.name, b.name) || cmp(a.version, b.version));
}
