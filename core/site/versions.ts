import { declaredSoftware } from "../sbom/declared.js";
import type { SoftwareEntry } from "../spec/software.js";
import { versionSupport } from "../spec/versions-format.js";
import type { PublishedTemplate, TemplateVersion } from "../types/generated.js";
import { CITATION_FORMATS, type CitationFormat, citationOf, formatCitation } from "../versions/cite.js";
import { diffLines, diffSide, diffVersions, type VersionDiff } from "../versions/diff.js";
import type { SiteData } from "./site-data.js";
import { formatDate, urls } from "./view.js";

/**
 * The template page's versions, citation and installed software, and the diff pages, from the
 * tree's templates/<id>/versions/ files (client spec §3.6). The citation and the diff are the
 * CLI's (`cws marketplace cite`, `cws marketplace diff`), computed by the same functions.
 * Support is judged at the tree's build time, never the clock, so a tree renders the same bytes.
 */

type Change = NonNullable<PublishedTemplate["changelog"]>[number]["changes"][number];

export interface TimelineEntry {
  version: string;
  published_at: string;
  doi?: string;
  commit?: string;
  status: { kind: "latest" | "supported" | "past-window" | "ami-retired"; label: string };
  /** The authored changelog's entry for the version (the latest template's changelog). */
  changes: Change[];
  /** The diff page against the next older version, when the tree has both records. */
  diff?: { from: string; href: string };
}

/** Every published version, newest first; undefined when the tree has no version list for the template. */
export function versionTimeline(data: SiteData, r: PublishedTemplate): TimelineEntry[] | undefined {
  const versions = data.versions.get(r.template_id);
  if (!versions) return undefined;
  const now = new Date(data.catalog.generated_at);
  const changelog = new Map((r.changelog ?? []).map((c) => [c.version, c.changes]));
  const list = versions.index.versions;
  return list.map((entry, i) => {
    const older = list[i + 1];
    const record = versions.records.get(entry.version);
    const doi = entry.doi ?? record?.doi;
    const commit = record?.commit ?? r.history.find((h) => h.version === entry.version)?.commit;
    return {
      version: entry.version,
      published_at: entry.published_at,
      ...(doi ? { doi } : {}),
      ...(commit ? { commit } : {}),
      status: status(versionSupport(versions.index, entry.version, now), entry.version === versions.index.latest),
      changes: changelog.get(entry.version) ?? [],
      ...(older && record && versions.records.has(older.version)
        ? { diff: { from: older.version, href: urls.diff(r.template_id, older.version, entry.version) } }
        : {}),
    };
  });
}

function status(s: ReturnType<typeof versionSupport>, latest: boolean): TimelineEntry["status"] {
  if (latest) return { kind: "latest", label: "Latest" };
  switch (s.kind) {
    case "supported":
      return { kind: "supported", label: `Supported until ${formatDate(s.until)}` };
    case "past-window":
      return { kind: "past-window", label: `Support ended ${formatDate(s.until)}` };
    case "ami-retired":
      return { kind: "ami-retired", label: "Images retired" };
    default:
      // Listed with no end to its window: launchable like the latest.
      return { kind: "supported", label: "Supported" };
  }
}

export interface InstalledSoftware {
  /** sbom: exact versions the AMI pipeline captured; declared: the template's package specs (constraints as written). */
  source: "sbom" | "declared";
  entries: SoftwareEntry[];
}

/** What a version installs: its record's captured software when present, else its declared packages. */
export function installedSoftware(record: TemplateVersion): InstalledSoftware {
  const side = diffSide(record);
  const entries = side.software ? [...side.software] : declaredSoftware(record.template.environment);
  const order = (a: SoftwareEntry, b: SoftwareEntry) =>
    a.ecosystem === b.ecosystem ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.ecosystem < b.ecosystem ? -1 : 1;
  return { source: side.software ? "sbom" : "declared", entries: entries.sort(order) };
}

/** Each version the tree holds a record of, newest first, with what it installs. */
export function softwareByVersion(data: SiteData, id: string): ({ version: string } & InstalledSoftware)[] {
  const versions = data.versions.get(id);
  if (!versions) return [];
  return versions.index.versions.flatMap((entry) => {
    const record = versions.records.get(entry.version);
    return record ? [{ version: entry.version, ...installedSoftware(record) }] : [];
  });
}

export interface DiffPage {
  template_id: string;
  name: string;
  from: string;
  to: string;
  /** The route parameter of site/src/pages/templates/[id]/diff/[range]/: "<from>..<to>". */
  range: string;
  diff: VersionDiff;
  /** What `cws marketplace diff <id> <from> <to>` prints. */
  lines: string[];
}

/** One page per version and the next older one, for every template whose tree has both records. */
export function diffPages(data: SiteData): DiffPage[] {
  return data.records.flatMap((r) =>
    (versionTimeline(data, r) ?? []).flatMap((entry) => {
      const records = data.versions.get(r.template_id)?.records;
      const from = entry.diff && records?.get(entry.diff.from);
      const to = records?.get(entry.version);
      if (!from || !to) return [];
      const diff = diffVersions(diffSide(from), diffSide(to));
      return [
        { template_id: r.template_id, name: r.name, from: from.version, to: to.version, range: `${from.version}..${to.version}`, diff, lines: diffLines(diff) },
      ];
    }),
  );
}

export const CITATION_LABELS: Record<CitationFormat, string> = { bibtex: "BibTeX", cff: "CFF", ris: "RIS", apa: "APA" };

export interface SiteCitation {
  version: string;
  formats: { format: CitationFormat; label: string; text: string }[];
}

/**
 * The latest version's citation in every format, exactly as `cws marketplace cite` prints it
 * for a registry at the site's URL (the site is published beside the tree it renders).
 */
export function siteCitation(data: SiteData, id: string): SiteCitation | undefined {
  const versions = data.versions.get(id);
  const record = versions?.records.get(versions.index.latest);
  if (!record) return undefined;
  const citation = citationOf(record, data.siteUrl);
  return {
    version: record.version,
    formats: CITATION_FORMATS.map((format) => ({ format, label: CITATION_LABELS[format], text: formatCitation(citation, format) })),
  };
}
