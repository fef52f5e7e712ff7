import { templateVersionPath } from "../spec/layout.js";
import type { TemplateVersion } from "../types/generated.js";

/**
 * "Cite this environment": one citation of an exact template version, in BibTeX, CFF, RIS or
 * APA, from the signed version record. The CLI (`cws marketplace cite`) and the site print the
 * same text. The exact version is always named: by its DOI when it has one, and always by its
 * registry URL (the version record's address), with the AMI ids per region.
 */

export const CITATION_FORMATS = ["bibtex", "cff", "ris", "apa"] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];

export interface Citation {
  template_id: string;
  title: string;
  version: string;
  /** The author first, then owners not already named. */
  authors: string[];
  /** YYYY-MM-DD. */
  date: string;
  doi?: string;
  /** The version record's URL: the registry plus the exact version. */
  url: string;
  license: string;
  abstract: string;
  amis: { region: string; architecture: string; image_id: string }[];
}

export function citationOf(record: TemplateVersion, registryUrl: string): Citation {
  const t = record.template;
  const authors = [t.author, ...t.owners.filter((o) => o !== t.author)];
  const amis = Object.keys(record.amis)
    .sort()
    .flatMap((region) =>
      (["x86_64", "arm64"] as const).flatMap((architecture) => {
        const ami = record.amis[region]?.[architecture];
        return ami ? [{ region, architecture, image_id: ami.image_id }] : [];
      }),
    );
  return {
    template_id: record.template_id,
    title: t.name,
    version: record.version,
    authors,
    date: record.published_at.slice(0, 10),
    ...(record.doi ? { doi: record.doi } : {}),
    url: `${registryUrl.replace(/\/+$/, "")}/${templateVersionPath(record.template_id, record.version)}`,
    license: t.publication.license,
    abstract: t.description,
    amis,
  };
}

export function formatCitation(c: Citation, format: CitationFormat): string {
  switch (format) {
    case "bibtex":
      return bibtex(c);
    case "cff":
      return cff(c);
    case "ris":
      return ris(c);
    case "apa":
      return apa(c);
  }
}

function amiNote(c: Citation): string {
  return c.amis.length ? `AMIs: ${c.amis.map((a) => `${a.region} ${a.architecture} ${a.image_id}`).join("; ")}` : "No prebuilt AMI";
}

// BibTeX's special characters; braces are escaped too, so any text stays one field value.
function tex(s: string): string {
  return s.replace(/[\\{}&%$#_^~]/g, (ch) => (ch === "\\" ? "\\textbackslash{}" : ch === "^" ? "\\^{}" : ch === "~" ? "\\~{}" : `\\${ch}`));
}

function bibtex(c: Citation): string {
  const key = `${c.template_id.replace(/-/g, "_")}_${c.version.replace(/[^0-9A-Za-z]/g, "_")}`;
  const fields: [string, string][] = [
    // Double braces keep an organisation's name from being split into given and family names.
    ["author", c.authors.map((a) => `{${tex(a)}}`).join(" and ")],
    ["title", `{${tex(c.title)}}`],
    ["version", tex(c.version)],
    ["year", c.date.slice(0, 4)],
    ["month", String(Number(c.date.slice(5, 7)))],
    ["date", c.date],
    ...(c.doi ? [["doi", tex(c.doi)] as [string, string]] : []),
    ["url", c.url],
    ["publisher", "CloudWorkstation Marketplace"],
    ["license", tex(c.license)],
    ["note", tex(`Research environment ${c.template_id}@${c.version}. ${amiNote(c)}`)],
  ];
  return `@software{${key},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(",\n")}\n}\n`;
}

// YAML double-quoted scalars: JSON string syntax is a subset, so JSON.stringify is exact.
const q = (s: string) => JSON.stringify(s);

function cff(c: Citation): string {
  const lines = [
    "cff-version: 1.2.0",
    `message: ${q("If you use this research environment, please cite it as below.")}`,
    "type: software",
    `title: ${q(c.title)}`,
    `version: ${q(c.version)}`,
    `date-released: ${q(c.date)}`,
    "authors:",
    ...c.authors.map((a) => `  - name: ${q(a)}`),
    ...(c.doi ? [`doi: ${q(c.doi)}`] : []),
    `url: ${q(c.url)}`,
    `repository-artifact: ${q(c.url)}`,
    `license: ${q(c.license)}`,
    `abstract: ${q(c.abstract)}`,
    "identifiers:",
    ...(c.doi ? [`  - type: doi`, `    value: ${q(c.doi)}`] : []),
    `  - type: url`,
    `    value: ${q(c.url)}`,
    `    description: ${q(`The signed record of ${c.template_id}@${c.version}`)}`,
    ...c.amis.flatMap((a) => [`  - type: other`, `    value: ${q(a.image_id)}`, `    description: ${q(`AMI in ${a.region} (${a.architecture})`)}`]),
  ];
  return `${lines.join("\n")}\n`;
}

function ris(c: Citation): string {
  const clean = (s: string) => s.replace(/[\r\n]+/g, " ");
  const lines = [
    "TY  - COMP",
    ...c.authors.map((a) => `AU  - ${clean(a)}`),
    `TI  - ${clean(c.title)}`,
    `ET  - ${c.version}`,
    `PY  - ${c.date.slice(0, 4)}`,
    `DA  - ${c.date.replace(/-/g, "/")}`,
    ...(c.doi ? [`DO  - ${c.doi}`] : []),
    `UR  - ${c.url}`,
    `PB  - CloudWorkstation Marketplace`,
    `AB  - ${clean(c.abstract)}`,
    `N1  - ${clean(amiNote(c))}`,
    "ER  - ",
  ];
  return `${lines.join("\n")}\n`;
}

function apa(c: Citation): string {
  const names = c.authors.length <= 2 ? c.authors.join(" & ") : `${c.authors.slice(0, -1).join(", ")}, & ${c.authors.at(-1)}`;
  const link = c.doi ? `https://doi.org/${c.doi}` : c.url;
  return `${names}. (${c.date.slice(0, 4)}). ${c.title} (Version ${c.version}) [Computer software]. CloudWorkstation Marketplace. ${link}\n${amiNote(c)}.\n`;
}
