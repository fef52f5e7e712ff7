import lunr from "lunr";
import { encodeFixedWidth, encodePosting, PACKED_FORMAT } from "../spec/packed-format.js";
import type { SearchIndex } from "../types/generated.js";

export interface SearchField {
  name: string;
  boost: number;
}

/**
 * trimmer, stopWordFilter and stemmer as one function with a cache: they depend only on the
 * token's text, and a catalog repeats the same few thousand words, so stemming each word once
 * makes indexing several times faster. Only the search pipeline is stored in the index, so this
 * function never reaches a client; it is registered once only because Lunr warns otherwise.
 */
const stemCache = new Map<string, string | null>();
/** Raw token texts seen by the build in progress (packIndex is synchronous), for `stems`. */
let seen: Set<string> | undefined;
const standardPipeline = new lunr.Pipeline();
standardPipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
const indexPipeline: lunr.PipelineFunction = (token) => {
  const text = token.toString();
  seen?.add(text);
  let result = stemCache.get(text);
  if (result === undefined) {
    result = standardPipeline.runString(text)[0] ?? null;
    stemCache.set(text, result);
  }
  return result === null ? null : token.update(() => result);
};
lunr.Pipeline.registerFunction(indexPipeline, "cwsIndexPipeline");

/** The parts of lunr.Builder's state the packed form takes its parameters from (lunr 2.3 keeps them public). */
interface BuilderState {
  _k1: number;
  _b: number;
  pipeline: lunr.Pipeline;
  searchPipeline: lunr.Pipeline;
}

/**
 * Indexes documents (ref = position in `docs`) with Lunr's own tokenizer and pipeline, then packs
 * the postings instead of letting Lunr compute field vectors: clients recompute the few weights a
 * query needs (load-packed-index.ts), which is what makes a one-shot search fast. The postings
 * are collected here rather than by lunr.Builder#add, whose per-document objects (field refs,
 * metadata, string-keyed document maps) were most of the build's indexing time; the result is
 * what Builder#add gives, term frequencies, field lengths and average lengths included
 * (tests/search property tests compare search results with Lunr's).
 */
export function packIndex(
  docs: readonly Readonly<Record<string, string>>[],
  fields: readonly SearchField[],
  catalogSha256: string,
): Omit<SearchIndex, "ranking"> {
  // The same setup as lunr(config), minus build(): field vectors and the token set are the client's job.
  const builder = new lunr.Builder();
  builder.pipeline.add(indexPipeline);
  builder.searchPipeline.add(lunr.stemmer);
  const state = builder as unknown as BuilderState;
  /** Term → per field, [document, term frequency] in document order. */
  const byTerm = new Map<string, [number, number][][]>();
  const lengths = fields.map(() => new Array<number>(docs.length).fill(0));
  const raw = new Set<string>();
  seen = raw;
  try {
    docs.forEach((doc, i) => {
      fields.forEach((f, fi) => {
        const terms = state.pipeline.run(lunr.tokenizer(doc[f.name]));
        (lengths[fi] as number[])[i] = terms.length;
        for (const token of terms) {
          const term = token.toString();
          let posting = byTerm.get(term);
          if (!posting) {
            posting = fields.map(() => []);
            byTerm.set(term, posting);
          }
          const list = posting[fi] as [number, number][];
          const last = list[list.length - 1];
          if (last && last[0] === i) last[1] += 1;
          else list.push([i, 1]);
        }
      });
    });
  } finally {
    seen = undefined;
  }

  const terms = [...byTerm.keys()].filter((term) => term !== "").sort();
  for (const term of terms) if (/\s/.test(term)) throw new Error(`search term ${JSON.stringify(term)} contains whitespace`);
  const postings = terms.map((term) => encodePosting(byTerm.get(term) ?? []));
  return {
    spec_version: 1,
    format: PACKED_FORMAT,
    lunr_version: lunr.version,
    catalog_sha256: catalogSha256,
    documents: docs.length,
    fields: fields.map((f, fi) => ({
      name: f.name,
      boost: f.boost,
      average_length: averageOf(lengths[fi] as number[]),
      lengths: encodeFixedWidth(lengths[fi] as number[]),
    })),
    bm25: { k1: state._k1, b: state._b },
    pipeline: state.searchPipeline.toJSON() as unknown as string[],
    terms: terms.join(" "),
    postings,
    stems: stemsOf(raw, terms),
  };
}

/** Lunr's average field length: the lengths summed in document order, over the documents (0 without any). */
function averageOf(lengths: readonly number[]): number {
  if (lengths.length === 0) return 0;
  let sum = 0;
  for (const n of lengths) sum += n;
  return sum / lengths.length;
}

/**
 * Words as written (after the trimmer) that were indexed under a different term, with that
 * term's index: prefix and fuzzy clauses match these, so "genomcis" finds "genomics" (term
 * "genom"), which an unstemmed clause compared with stemmed terms never could.
 */
function stemsOf(raw: ReadonlySet<string>, terms: readonly string[]): NonNullable<SearchIndex["stems"]> {
  const position = new Map(terms.map((t, i) => [t, i]));
  const words = new Map<string, number>();
  for (const text of raw) {
    const stem = stemCache.get(text);
    if (stem === null || stem === undefined) continue;
    const word = lunr.trimmer(new lunr.Token(text, {})).toString();
    const at = position.get(stem);
    if (word === stem || word === "" || /\s/.test(word) || at === undefined) continue;
    words.set(word, at);
  }
  const sorted = [...words.keys()].sort();
  return { words: sorted.join(" "), terms: encodeFixedWidth(sorted.map((w) => words.get(w) as number)) };
}
