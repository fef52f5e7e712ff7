import fc from "fast-check";
import lunr from "lunr";
import { describe, expect, it } from "vitest";
import { validatorFor } from "../../core/schema/ajv.js";
import { loadPackedIndex, loadSearchIndex, SearchIndexFormatError } from "../../core/search/load-packed-index.js";
import { packIndex, type SearchField } from "../../core/search/pack-index.js";
import { RELAX_BELOW, search, searchRows, withinOneEdit, wordBoosts } from "../../core/search/query.js";
import { decodePosting, encodeFixedWidth, encodePosting, readFixedWidth } from "../../core/spec/packed-format.js";

const FIELDS: SearchField[] = [
  { name: "name", boost: 10 },
  { name: "tags", boost: 5 },
  { name: "description", boost: 2 },
];
const SHA = "0".repeat(64);

/** The reference: Lunr's own index over the same documents, refs = positions. */
function fullIndex(docs: readonly Record<string, string>[]): lunr.Index {
  return lunr(function () {
    this.ref("ref");
    for (const f of FIELDS) this.field(f.name, { boost: f.boost });
    docs.forEach((d, i) => {
      this.add({ ...d, ref: String(i) });
    });
  });
}

const WORDS = [
  "genomics",
  "genome",
  "genomic",
  "pipeline",
  "pipelines",
  "rstudio",
  "cryo",
  "cryo-em",
  "single-cell",
  "the",
  "gpu",
  "gpus",
  "a",
  "nextflow",
  "nf-core",
  "variant",
  "calling",
  "v1.2",
  "c++",
];
const text = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((w) => w.join(" "));
const doc = fc.record({ name: text(1, 4), tags: text(0, 5), description: text(0, 40) });

function sameResults(packed: lunr.Index.Result[], full: lunr.Index.Result[]): void {
  const byRef = (rs: lunr.Index.Result[]) => new Map(rs.map((r) => [r.ref, r.score]));
  const a = byRef(packed);
  const b = byRef(full);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  // Dot products may add the same products in another order, so allow the last bits to differ.
  for (const [ref, score] of b) expect(a.get(ref)).toBeCloseTo(score, 9);
}

describe("packed search index", () => {
  it("encodes postings and fixed-width columns reversibly", () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.nat(5000), { maxLength: 30 }), { minLength: 1, maxLength: 5 }), fc.nat(50), (fields, tfSeed) => {
        const entries = fields.map((docs) => [...docs].sort((x, y) => x - y).map((d, i): [number, number] => [d, 1 + ((d + i + tfSeed) % 4)]));
        expect(decodePosting(encodePosting(entries), entries.length)).toEqual(entries.map((e) => e.flat()));
      }),
    );
    const column = encodeFixedWidth([0, 5, 1295, 36]);
    expect(column.width).toBe(2);
    expect([0, 1, 2, 3].map((i) => readFixedWidth(column, i))).toEqual([0, 5, 1295, 36]);
  });

  it("gives Lunr's own results and scores for every kind of clause", () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 25 }), fc.constantFrom(...WORDS), (docs, word) => {
        const packed = loadPackedIndex(packIndex(docs, FIELDS, SHA));
        const full = fullIndex(docs);
        const build = (q: lunr.Query) => {
          q.term(word, { boost: 10 });
          q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 5 });
          q.term(word, { usePipeline: false, editDistance: 1, boost: 1 });
          q.term("gpu", { fields: ["tags"], presence: lunr.Query.presence.OPTIONAL });
        };
        sameResults(packed.query(build), full.query(build));
        sameResults(packed.search(`${word} +pipeline`), full.search(`${word} +pipeline`));
        sameResults(packed.search(`name:${word}* -cryo`), full.search(`name:${word}* -cryo`));
      }),
      { numRuns: 150 },
    );
  });

  it("serves the site's and CLI's word-by-word search", () => {
    const docs = [
      { name: "Genomics pipeline", tags: "nextflow nf-core", description: "Variant calling with GPUs" },
      { name: "Cryo-EM workstation", tags: "cryo-em gpu", description: "The cryo pipeline" },
      { name: "RStudio", tags: "r", description: "Single-cell genomics in R" },
    ];
    const index = loadSearchIndex(packIndex(docs, FIELDS, SHA));
    expect([...(searchRows(index, "genomics") ?? new Map()).keys()].sort()).toEqual([0, 2]);
    expect([...(searchRows(index, "genomics pipeline") ?? new Map()).keys()]).toEqual([0]);
    expect([...(searchRows(index, "pipelin") ?? new Map()).keys()].sort()).toEqual([0, 1]);
    expect([...(searchRows(index, "nextflw") ?? new Map()).keys()]).toEqual([0]);
    expect(searchRows(index, "the")).toBeUndefined();
  });

  it("matches typos and prefixes of words the stemmer shortened (genomics is indexed as genom)", () => {
    const docs = [
      { name: "Genomics pipeline", tags: "nextflow", description: "Variant calling" },
      { name: "Cryo-EM workstation", tags: "cryo-em gpu", description: "The cryo pipeline" },
      { name: "RStudio", tags: "r", description: "Single-cell genomics in R" },
    ];
    const packed = packIndex(docs, FIELDS, SHA);
    expect(packed.stems?.words.split(" ")).toContain("genomics");
    expect(packed.stems?.words.split(" ")).not.toContain("nextflow"); // its own term: not repeated
    const index = loadSearchIndex(packed);
    const rows = (q: string) => [...(searchRows(index, q) ?? new Map()).keys()].sort();
    expect(rows("genomcis")).toEqual([0, 2]); // one transposition from "genomics"
    expect(rows("genomi")).toEqual([0, 2]); // a prefix of "genomics", not of the term "genom"
    expect(rows("workstatoin")).toEqual([1]);
    expect(rows("gnomics")).toEqual([0, 2]); // one deletion
  });

  it("follows every-word hits with some-word hits only when too few match every word", () => {
    const docs = [
      { name: "Long read genomics", tags: "nanopore", description: "assembly" },
      { name: "Short read alignment", tags: "bwa", description: "mapping" },
      { name: "Climate model", tags: "wrf", description: "weather" },
    ];
    const index = loadSearchIndex(packIndex(docs, FIELDS, SHA));
    const result = search(index, "long read sequencing");
    expect(searchRows(index, "long read sequencing")?.size).toBe(0);
    expect(result?.words).toBe(3);
    expect([...(result?.hits ?? new Map())].map(([row, hit]) => [row, hit.words]).sort()).toEqual([
      [0, 2],
      [1, 1],
    ]);
    // Enough every-word hits: nothing is relaxed.
    const many = Array.from({ length: RELAX_BELOW }, () => ({ name: "read long", tags: "", description: "" }));
    const big = loadSearchIndex(packIndex([...many, { name: "read", tags: "", description: "" }], FIELDS, SHA));
    expect([...(search(big, "long read")?.hits.values() ?? [])].every((h) => h.words === 2)).toBe(true);
    expect(search(big, "long read")?.hits.size).toBe(RELAX_BELOW);
  });

  it("matches one edit exactly as Lunr's fuzzy TokenSet does", () => {
    const TokenSets = lunr.TokenSet as unknown as {
      fromString(text: string): lunr.TokenSet;
      fromFuzzyString(text: string, editDistance: number): lunr.TokenSet;
    };
    // Query words are FUZZY_MIN_LENGTH (4) letters or more; terms are never empty.
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), minLength: 4, maxLength: 7 });
    const term = fc.string({ unit: fc.constantFrom("a", "b", "c"), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(word, term, (a, b) => {
        const lunrSays = TokenSets.fromString(b).intersect(TokenSets.fromFuzzyString(a, 1)).toArray().length > 0;
        expect(withinOneEdit(a, b)).toBe(lunrSays);
      }),
      { numRuns: 2000 },
    );
  });

  it("scores a word's query vector as Lunr's own exact, wildcard and fuzzy clauses do", () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 25 }), fc.constantFrom(...WORDS), (docs, word) => {
        const packed = loadSearchIndex({ ...packIndex(docs, FIELDS, SHA), stems: undefined });
        const lunrResults = fullIndex(docs).query((q) => {
          q.term(word, { boost: 10 });
          if (word.length < 4) return;
          q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 5 });
          q.term(word, { usePipeline: false, editDistance: 1, boost: 1 });
        });
        const ours = packed.score(wordBoosts(packed, word));
        expect([...ours.keys()].sort()).toEqual(lunrResults.map((r) => Number(r.ref)).sort());
        for (const r of lunrResults) expect(ours.get(Number(r.ref))).toBeCloseTo(r.score, 9);
      }),
      { numRuns: 150 },
    );
  });

  it("gives the same search results over the packed index as over Lunr's own (same stems)", () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 25 }),
        fc.array(fc.constantFrom(...WORDS, "genomcis", "pipelin", "gpuss"), { minLength: 1, maxLength: 3 }),
        (docs, words) => {
          const packed = loadSearchIndex(packIndex(docs, FIELDS, SHA));
          // The reference scores each word's query vector with Lunr itself: one clause per term.
          const lunrIndex = fullIndex(docs);
          const full = {
            ...packed,
            // A query without clauses is "negated" in Lunr and returns every document: none here.
            score: (boosts: ReadonlyMap<number, number>) =>
              new Map(
                boosts.size === 0
                  ? []
                  : lunrIndex
                      .query((q) => {
                        for (const [term, boost] of boosts) q.term(packed.terms[term] ?? "", { usePipeline: false, boost });
                      })
                      .map((r) => [Number(r.ref), r.score] as [number, number]),
              ),
          };
          const query = words.join(" ");
          const a = search(packed, query);
          const b = search(full, query);
          expect(a?.words).toEqual(b?.words);
          expect([...(a?.hits.keys() ?? [])].sort()).toEqual([...(b?.hits.keys() ?? [])].sort());
          for (const [row, hit] of b?.hits ?? []) {
            expect(a?.hits.get(row)?.words).toBe(hit.words);
            expect(a?.hits.get(row)?.score).toBeCloseTo(hit.score, 9);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("writes what the published schema allows, and refuses formats it does not know", () => {
    const packed = packIndex([{ name: "a b", tags: "", description: "c" }], FIELDS, SHA);
    const validate = validatorFor("searchIndex");
    const ranking = { status: "-", rating_bayesian: { width: 1, data: "0" }, downloads: { width: 1, data: "0" } };
    expect(validate({ ...packed, ranking }), JSON.stringify(validate.errors)).toBe(true);
    expect(() => loadPackedIndex({ ...packed, format: "lunr-packed-2" as never })).toThrow(SearchIndexFormatError);
    expect(() => loadPackedIndex({ ...packed, postings: [] })).toThrow(/terms but 0 postings/);
    const empty = loadPackedIndex(packIndex([], FIELDS, SHA));
    expect(empty.search("anything")).toEqual([]);
  });
});
