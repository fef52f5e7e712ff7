import lunr from "lunr";
import { decodePosting, PACKED_FORMAT, readFixedWidth } from "../spec/packed-format.js";
import type { SearchIndex } from "../types/generated.js";
import { PackedScorer } from "./score-packed.js";

/** Thrown when a search index is not one this client can read; callers turn it into their own error. */
export class SearchIndexFormatError extends Error {}

type Posting = Record<string, unknown> & { _index: number };

interface TokenSetBuilder {
  insert(word: string): void;
  finish(): void;
  root: lunr.TokenSet;
}

/**
 * A lunr.Index over a packed index that decodes a term's posting, and computes its field-vector
 * weights with Lunr's BM25 formula, only when a query first touches the term. Lunr's query code
 * reads `fieldVectors` only for documents whose postings it has just read, and scores by a dot
 * product with the query vector, so vectors holding just the touched terms give Lunr's exact
 * scores. Supports Index#query and Index#search; not toJSON, and not queries made only of
 * prohibited (-term) clauses, which would need every document's vector.
 */
/** A loaded index as core/search/query.ts searches it: term expansion, stems and a scorer. */
export interface LoadedIndex {
  /** Every term, by term index (sorted by UTF-16 code units). */
  terms: readonly string[];
  /** The index's search pipeline (the stemmer), for exact clauses. */
  pipeline: lunr.Pipeline;
  /** Words as written (sorted), for prefix and fuzzy expansion, and the term index each was indexed under. */
  stems: { words: readonly string[]; terms: readonly number[] };
  /** Lunr's scores by document for term indexes with their summed clause boosts. */
  score(boosts: ReadonlyMap<number, number>): Map<number, number>;
}

/**
 * The index as the query code uses it, without a lunr.Index: postings are decoded and weighted
 * for the terms a query touches only (core/search/score-packed.ts).
 */
export function loadSearchIndex(packed: Omit<SearchIndex, "ranking">): LoadedIndex {
  const terms = checkedTerms(packed);
  const scorer = new PackedScorer(packed);
  return {
    terms,
    pipeline: lunr.Pipeline.load(packed.pipeline),
    stems: loadStems(packed.stems, terms),
    score: (boosts) => scorer.score(boosts),
  };
}

function checkedTerms(packed: Omit<SearchIndex, "ranking">): string[] {
  if (packed.format !== PACKED_FORMAT) throw new SearchIndexFormatError(`unknown search index format ${JSON.stringify(packed.format)}`);
  if (!packed.lunr_version.startsWith("2.3.")) throw new SearchIndexFormatError(`search index built by Lunr ${packed.lunr_version}, expected 2.3`);
  const terms = packed.terms === "" ? [] : packed.terms.split(" ");
  if (terms.length !== packed.postings.length)
    throw new SearchIndexFormatError(`search index has ${terms.length} terms but ${packed.postings.length} postings`);
  return terms;
}

export function loadPackedIndex(packed: Omit<SearchIndex, "ranking">): lunr.Index {
  const terms = checkedTerms(packed);

  const builder = tokenSet(terms);

  const fieldVectors: Record<string, lunr.Vector> = Object.create(null);
  const decoded = new Map<string, Posting>();
  const { k1, b } = packed.bm25;
  const fields = packed.fields;

  const decode = (position: number, term: string): Posting => {
    const perField = decodePosting(packed.postings[position] ?? "", fields.length);
    let documentsWithTerm = 0;
    for (const entries of perField) documentsWithTerm += entries.length / 2;
    // lunr.idf, with documentsWithTerm counted over fields as Lunr does.
    const x = (packed.documents - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
    const idf = Math.log(1 + Math.abs(x));
    const posting: Posting = { _index: position };
    fields.forEach((field, f) => {
      const docs: Record<string, object> = Object.create(null);
      const entries = perField[f] ?? [];
      for (let i = 0; i < entries.length; i += 2) {
        const doc = entries[i] as number;
        const tf = entries[i + 1] as number;
        const ref = String(doc);
        docs[ref] = {};
        const fieldLength = readFixedWidth(field.lengths, doc);
        // Written exactly as lunr.Builder#createFieldVectors, so the rounding matches bit for bit.
        let score = (idf * ((k1 + 1) * tf)) / (k1 * (1 - b + b * (fieldLength / field.average_length)) + tf);
        score *= field.boost || 1;
        const key = `${field.name}/${ref}`;
        let vector = fieldVectors[key];
        if (!vector) {
          vector = new lunr.Vector([]);
          fieldVectors[key] = vector;
        }
        vector.insert(position, Math.round(score * 1000) / 1000);
      }
      posting[field.name] = docs;
    });
    decoded.set(term, posting);
    return posting;
  };

  const invertedIndex = new Proxy(Object.create(null) as Record<string, Posting>, {
    get(_target, term) {
      if (typeof term !== "string") return undefined;
      const hit = decoded.get(term);
      if (hit) return hit;
      const position = binarySearch(terms, term);
      return position < 0 ? undefined : decode(position, term);
    },
  });

  const index = new lunr.Index({
    invertedIndex,
    fieldVectors,
    tokenSet: builder.root,
    fields: fields.map((f) => f.name),
    pipeline: lunr.Pipeline.load(packed.pipeline),
  } as unknown as lunr.Index.Attributes);
  return index;
}

/** The typings omit TokenSet.Builder, which lunr 2.3 exports and Index.load itself uses; words must be sorted. */
function tokenSet(words: readonly string[]): TokenSetBuilder {
  const builder = new (lunr.TokenSet as unknown as { Builder: new () => TokenSetBuilder }).Builder();
  for (const word of words) builder.insert(word);
  builder.finish();
  return builder;
}

function loadStems(stems: SearchIndex["stems"], terms: readonly string[]): LoadedIndex["stems"] {
  const words = !stems || stems.words === "" ? [] : stems.words.split(" ");
  const termOf = words.map((word, i) => {
    const term = readFixedWidth(stems?.terms ?? { width: 1, data: "" }, i);
    if (!(term < terms.length)) throw new SearchIndexFormatError(`search index stem ${JSON.stringify(word)} names no term`);
    return term;
  });
  return { words, terms: termOf };
}

export function binarySearch(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const probe = sorted[mid] as string;
    if (probe === value) return mid;
    if (probe < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
