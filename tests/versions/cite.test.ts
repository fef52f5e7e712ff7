import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Cite } from "@citation-js/core";
import "@citation-js/plugin-ris";
import "@citation-js/plugin-cff";
import { parse as parseBibtex } from "@retorquere/bibtex-parser";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Template, TemplateVersion } from "../../core/types/generated.js";
import { CITATION_FORMATS, citationOf, formatCitation } from "../../core/versions/cite.js";
import { CORPUS } from "../helpers/corpus.js";

const REGISTRY = "https://marketplace.example.org/";

function record(edit: (r: TemplateVersion) => void = () => {}): TemplateVersion {
  const { $schema: _, ...template } = JSON.parse(readFileSync(join(CORPUS, "base/templates/example-workstation/template.json"), "utf8")) as Template;
  const r: TemplateVersion = {
    spec_version: 1,
    template_id: "example-workstation",
    version: "1.2.0",
    published_at: "2026-10-01T12:00:00Z",
    template,
    amis: {
      "us-east-1": {
        x86_64: { image_id: "ami-0aaaaaaaaaaaaaaa1", owner_id: "123456789012", created_at: "2026-10-01T13:00:00Z" },
        arm64: { image_id: "ami-0bbbbbbbbbbbbbbb2", owner_id: "123456789012", created_at: "2026-10-01T13:00:00Z" },
      },
    },
  };
  edit(r);
  return r;
}

const URL_120 = "https://marketplace.example.org/templates/example-workstation/versions/1.2.0.json";

describe("citationOf", () => {
  it("names the exact version: author then other owners, date, version record URL, AMIs per region", () => {
    const c = citationOf(record(), REGISTRY);
    expect(c.authors).toEqual(["corpus-lab", "second-owner"]);
    expect(c.date).toBe("2026-10-01");
    expect(c.url).toBe(URL_120);
    expect(c.amis).toEqual([
      { region: "us-east-1", architecture: "x86_64", image_id: "ami-0aaaaaaaaaaaaaaa1" },
      { region: "us-east-1", architecture: "arm64", image_id: "ami-0bbbbbbbbbbbbbbb2" },
    ]);
    expect(c.doi).toBeUndefined();
  });
});

describe("formatCitation, read back by real parsers", () => {
  it("BibTeX parses (@retorquere/bibtex-parser) with the fields intact, special characters included", () => {
    const r = record((x) => {
      x.doi = "10.5281/zenodo.1234567";
      x.template.name = "R&D Lab_Stack {v2} 100% #1";
      x.template.author = "Smith and Sons Lab";
      x.template.owners = ["Smith and Sons Lab"];
    });
    const text = formatCitation(citationOf(r, REGISTRY), "bibtex");
    // removeOuterBraces: [] keeps the parser from discarding the title's case protection (its
    // default treats whole-title braces as a mistake); protected text comes back as a nocase span.
    const lib = parseBibtex(text, { removeOuterBraces: [] });
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    const e = lib.entries[0];
    expect(e?.type).toBe("software");
    expect(e?.key).toBe("example_workstation_1_2_0");
    // An organisation stays one author, " and " in its name notwithstanding.
    expect(e?.fields.author).toEqual([{ name: "Smith and Sons Lab" }]);
    expect(e?.fields.title).toBe('<span class="nocase">R&D Lab_Stack {v2} 100% #1</span>');
    expect(e?.fields.version).toBe("1.2.0");
    expect(e?.fields.year).toBe("2026");
    expect(e?.fields.doi).toBe("10.5281/zenodo.1234567");
    expect(e?.fields.url).toBe(URL_120);
    expect(String(e?.fields.note)).toContain("us-east-1 x86_64 ami-0aaaaaaaaaaaaaaa1");
  });

  it("CFF is YAML with the CFF 1.2 required keys, and citation-js reads it as software", async () => {
    const r = record((x) => {
      x.doi = "10.5281/zenodo.1234567";
      x.template.description = 'A "quoted" description: with a colon\nand a newline.';
    });
    const text = formatCitation(citationOf(r, REGISTRY), "cff");
    const doc = parseYaml(text) as Record<string, unknown>;
    for (const key of ["cff-version", "message", "title", "authors"]) expect(doc).toHaveProperty(key);
    expect(doc["cff-version"]).toBe("1.2.0");
    expect(doc.version).toBe("1.2.0");
    expect(doc["date-released"]).toBe("2026-10-01");
    expect(doc.abstract).toBe('A "quoted" description: with a colon\nand a newline.');
    expect(doc.authors).toEqual([{ name: "corpus-lab" }, { name: "second-owner" }]);
    expect(doc.identifiers).toEqual([
      { type: "doi", value: "10.5281/zenodo.1234567" },
      { type: "url", value: URL_120, description: "The signed record of example-workstation@1.2.0" },
      { type: "other", value: "ami-0aaaaaaaaaaaaaaa1", description: "AMI in us-east-1 (x86_64)" },
      { type: "other", value: "ami-0bbbbbbbbbbbbbbb2", description: "AMI in us-east-1 (arm64)" },
    ]);
    const cite = await Cite.async(text);
    const csl = cite.data[0] as { title: string; version: string; DOI?: string; author: { literal?: string }[] };
    expect(csl.title).toBe("Example Workstation");
    expect(csl.version).toBe("1.2.0");
    expect(csl.DOI).toBe("10.5281/zenodo.1234567");
    expect(csl.author.map((a) => a.literal)).toEqual(["corpus-lab", "second-owner"]);
  });

  it("RIS parses (@citation-js/plugin-ris) as software with version, year and URL", async () => {
    const text = formatCitation(citationOf(record(), REGISTRY), "ris");
    const cite = await Cite.async(text, { forceType: "@ris/file" });
    expect(cite.data).toHaveLength(1);
    const csl = cite.data[0] as { type: string; title: string; version: string; URL: string; issued: { "date-parts": number[][] } };
    expect(csl.type).toBe("software");
    expect(csl.title).toBe("Example Workstation");
    expect(csl.version).toBe("1.2.0");
    expect(csl.URL).toBe(URL_120);
    expect(csl.issued["date-parts"][0]?.[0]).toBe(2026);
  });

  it("APA names the authors, year, version and the DOI link when there is one, else the record URL", () => {
    const plain = formatCitation(citationOf(record(), REGISTRY), "apa");
    expect(plain.split("\n")[0]).toBe(
      `corpus-lab & second-owner. (2026). Example Workstation (Version 1.2.0) [Computer software]. CloudWorkstation Marketplace. ${URL_120}`,
    );
    const withDoi = formatCitation(
      citationOf(
        record((x) => {
          x.doi = "10.5281/zenodo.1234567";
          x.amis = {};
        }),
        REGISTRY,
      ),
      "apa",
    );
    expect(withDoi).toContain("https://doi.org/10.5281/zenodo.1234567");
    expect(withDoi).toContain("No prebuilt AMI.");
  });

  it("every format differs between two versions of the same template", () => {
    const a = citationOf(record(), REGISTRY);
    const b = citationOf(
      record((x) => {
        x.version = "1.3.0";
      }),
      REGISTRY,
    );
    for (const f of CITATION_FORMATS) expect(formatCitation(b, f)).toContain("1.3.0");
    for (const f of CITATION_FORMATS) expect(formatCitation(a, f)).not.toContain("1.3.0");
  });
});
