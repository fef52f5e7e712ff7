import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { isSiteInput, readSiteData, type SiteData, type SiteVersions } from "../../core/site/site-data.js";
import { sitePaths } from "../../core/site/sitemap.js";
import { diffPages, installedSoftware, siteCitation, softwareByVersion, versionTimeline } from "../../core/site/versions.js";
import { urls } from "../../core/site/view.js";
import type { PublishedTemplate, TemplateVersion } from "../../core/types/generated.js";
import { citationOf, formatCitation } from "../../core/versions/cite.js";
import { PAST_DOI, richInput } from "./helpers/fixture.js";

const ID = "genomics-pipeline-v3";
const SITE_URL = "https://marketplace.example.org";
let dir: string;
let data: SiteData;
let record: PublishedTemplate;

// What render-site.ts hands the pages: the site's inputs of a built tree, read back by readSiteData.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cws-site-versions-"));
  for (const [path, bytes] of buildTree(richInput()).files) {
    if (!isSiteInput(path)) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  data = readSiteData(dir, `${SITE_URL}/`);
  record = data.byId.get(ID) as PublishedTemplate;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The site data with one template's version list and records replaced. */
function withVersions(edit: (v: SiteVersions & { records: Map<string, TemplateVersion> }) => void, generatedAt?: string): SiteData {
  const current = data.versions.get(ID);
  if (!current) throw new Error("no versions");
  const copy = { index: structuredClone(current.index), records: new Map(current.records) };
  edit(copy);
  const versions = new Map(data.versions);
  versions.set(ID, copy);
  return { ...data, versions, catalog: { ...data.catalog, generated_at: generatedAt ?? data.catalog.generated_at } };
}

describe("site inputs for versions", () => {
  it("copies version lists and records to the site, but not the SBOMs beside them", () => {
    expect(isSiteInput(`templates/${ID}/versions/index.json`)).toBe(true);
    expect(isSiteInput(`templates/${ID}/versions/3.2.2.json`)).toBe(true);
    expect(isSiteInput(`templates/${ID}/versions/3.2.2.sbom.json`)).toBe(false);
    expect(isSiteInput(`templates/${ID}/versions/nested/3.2.2.json`)).toBe(false);
  });

  it("reads every published version's record for every template", () => {
    expect([...(data.versions.get(ID)?.records.keys() ?? [])]).toEqual(["3.2.2", "3.2.1", "3.1.0"]);
    for (const r of data.records) expect(data.versions.get(r.template_id)?.index.latest, r.template_id).toBe(r.version);
  });
});

describe("version timeline", () => {
  it("lists every version newest first with date, DOI, support at build time and a diff link to the version before", () => {
    const timeline = versionTimeline(data, record) ?? [];
    expect(timeline.map((e) => [e.version, e.status.kind, e.diff?.href])).toEqual([
      ["3.2.2", "latest", urls.diff(ID, "3.2.1", "3.2.2")],
      ["3.2.1", "supported", urls.diff(ID, "3.1.0", "3.2.1")],
      ["3.1.0", "supported", undefined],
    ]);
    expect(timeline[2]?.doi).toBe(PAST_DOI);
    expect(timeline[1]?.published_at).toBe("2026-09-14T00:00:00Z");
    // Supported until the next version's publication plus the window (365 days by default).
    expect(timeline[2]?.status.label).toBe("Supported until 14 Sep 2027");
    expect(timeline[1]?.changes.map((c) => c.kind)).toEqual(["fixed", "security"]);
    expect(urls.diff(ID, "3.1.0", "3.2.1")).toBe(`/templates/${ID}/diff/3.1.0..3.2.1/`);
  });

  it("says when a version is past its window or its images were retired, judged at the tree's build time", () => {
    const later = withVersions((v) => {
      const oldest = v.index.versions.find((e) => e.version === "3.1.0");
      if (oldest) oldest.ami_retired = true;
    }, "2027-10-01T00:00:00Z");
    expect((versionTimeline(later, record) ?? []).map((e) => e.status.label)).toEqual(["Latest", "Supported until 7 Dec 2027", "Images retired"]);
    const muchLater = withVersions(() => undefined, "2028-01-01T00:00:00Z");
    expect((versionTimeline(muchLater, record) ?? []).map((e) => e.status.kind)).toEqual(["latest", "past-window", "past-window"]);
  });

  it("links no diff when the older version's record is missing, and has no timeline without a version list", () => {
    const partial = withVersions((v) => v.records.delete("3.2.1"));
    expect((versionTimeline(partial, record) ?? []).map((e) => e.diff?.from)).toEqual([undefined, undefined, undefined]);
    expect(diffPages(partial).filter((p) => p.template_id === ID)).toEqual([]);
    const none = { ...data, versions: new Map() };
    expect(versionTimeline(none, record)).toBeUndefined();
    expect(siteCitation(none, ID)).toBeUndefined();
  });
});

describe("diff pages", () => {
  it("has one page per version and the one before, with the lines `cws marketplace diff` prints", () => {
    const pages = diffPages(data);
    // Newest first, like the timeline.
    expect(pages.map((p) => `${p.template_id}/${p.range}`)).toEqual([`${ID}/3.2.1..3.2.2`, `${ID}/3.1.0..3.2.1`]);
    expect(pages[1]?.lines).toEqual([
      `${ID}@3.1.0 → ${ID}@3.2.1`,
      "packages (declared packages):",
      "  + conda nextflow >=24.10",
      "  + conda snakemake-minimal >=8",
      "  + pip cyvcf2 >=0.31",
      "  ↑ conda bcftools >=1.19 → >=1.21",
      "  ↑ conda r-base =4.3 → =4.4",
      "  ↑ conda samtools >=1.19 → >=1.21",
    ]);
    expect(pages[0]?.diff.identical).toBe(true);
    // The sitemap lists them like every other page.
    expect(sitePaths(data)).toContain(`/templates/${ID}/diff/3.1.0..3.2.1/`);
  });

  it("compares installed software when both records carry it", () => {
    const sbom = withVersions((v) => {
      const add = (version: string, software: TemplateVersion["software"]) => {
        const r = v.records.get(version);
        if (r) v.records.set(version, { ...r, software, software_source: "sbom" });
      };
      add("3.2.1", [{ name: "samtools", version: "1.19.2", ecosystem: "conda" }]);
      add("3.2.2", [
        { name: "samtools", version: "1.21", ecosystem: "conda" },
        { name: "zlib1g", version: "1:1.3.dfsg-3.1ubuntu2", ecosystem: "deb" },
      ]);
    });
    const page = diffPages(sbom).find((p) => p.range === "3.2.1..3.2.2");
    expect(page?.lines).toEqual([
      `${ID}@3.2.1 → ${ID}@3.2.2`,
      "packages (installed software):",
      "  + deb zlib1g 1:1.3.dfsg-3.1ubuntu2",
      "  ↑ conda samtools 1.19.2 → 1.21",
    ]);
  });
});

describe("installed software per version", () => {
  const latest = () => data.versions.get(ID)?.records.get("3.2.2") as TemplateVersion;

  it("shows the declared packages, saying so, when no software was recorded", () => {
    const v = softwareByVersion(data, ID);
    expect(v.map((s) => [s.version, s.source])).toEqual([
      ["3.2.2", "declared"],
      ["3.2.1", "declared"],
      ["3.1.0", "declared"],
    ]);
    const old = v[2]?.entries ?? [];
    expect(old).toContainEqual({ ecosystem: "conda", name: "r-base", version: "=4.3" });
    expect(old.some((e) => e.name === "nextflow")).toBe(false);
    expect(v[0]?.entries).toContainEqual({ ecosystem: "conda", name: "nextflow", version: ">=24.10" });
  });

  it("shows the recorded software, sorted, when the record has it; declared software is not passed off as installed", () => {
    const software: TemplateVersion["software"] = [
      { name: "zlib1g", version: "1:1.3", ecosystem: "deb" },
      { name: "samtools", version: "1.21", ecosystem: "conda" },
      { name: "bash", version: "5.2.21-2ubuntu4", ecosystem: "deb" },
    ];
    expect(installedSoftware({ ...latest(), software, software_source: "sbom" })).toEqual({
      source: "sbom",
      entries: [
        { name: "samtools", version: "1.21", ecosystem: "conda" },
        { name: "bash", version: "5.2.21-2ubuntu4", ecosystem: "deb" },
        { name: "zlib1g", version: "1:1.3", ecosystem: "deb" },
      ],
    });
    const declared = installedSoftware({ ...latest(), software, software_source: "declared" } as TemplateVersion);
    expect(declared.source).toBe("declared");
    expect(declared.entries.some((e) => e.name === "zlib1g")).toBe(false);
  });
});

describe("Cite this environment", () => {
  it("gives the latest version's citation in every format, the text `cws marketplace cite` prints for the site's registry URL", () => {
    const c = siteCitation(data, ID);
    expect(c?.version).toBe("3.2.2");
    expect(c?.formats.map((f) => f.format)).toEqual(["bibtex", "cff", "ris", "apa"]);
    const expected = citationOf(latestRecord(), SITE_URL);
    for (const f of c?.formats ?? []) expect(f.text).toBe(formatCitation(expected, f.format));
    expect(c?.formats[0]?.text).toContain(`url = {${SITE_URL}/templates/${ID}/versions/3.2.2.json}`);
  });
});

function latestRecord(): TemplateVersion {
  return data.versions.get(ID)?.records.get("3.2.2") as TemplateVersion;
}
