import lunr from "lunr";

/** Terms this long or longer also match as prefixes and with one typo (docs/client-spec.md §3.1). */
const FUZZY_MIN_LENGTH = 4;

/**
 * Runs a free-text query against the catalog's Lunr index and returns Lunr scores by catalog
 * row. Every word must match (as written, as a prefix, or with one typo), so adding a word
 * narrows the results the way researchers expect from a search box; scores add up across words.
 * Query syntax characters are treated as text, so "c++" or "r:" never throw. A query with no
 * searchable word (empty, or only stop words such as "the") gives undefined: nothing to filter by.
 */
export function searchRows(index: lunr.Index, query: string): Map<number, number> | undefined {
  const words = lunr
    .tokenizer(query.toLowerCase().replace(/[^\p{L}\p{N}\s-]+/gu, " "))
    .map((token) => token.toString())
    .filter((word) => word.length > 0 && lunr.stopWordFilter(new lunr.Token(word, {})) !== undefined);
  if (words.length === 0) return undefined;
  let result: Map<number, number> | undefined;
  for (const word of words) {
    const scores = new Map<number, number>();
    for (const hit of index.query((q) => addWord(q, word))) scores.set(Number(hit.ref), hit.score);
    result = result ? intersect(result, scores) : scores;
    if (result.size === 0) break;
  }
  return result;
}

function addWord(q: lunr.Query, word: string): void {
  // Exact matches go through the index's stemmer and rank highest; the loose forms skip it,
  // because a stemmed prefix ("genomic*") would miss words the stemmer shortened differently.
  q.term(word, { boost: 10 });
  if (word.length < FUZZY_MIN_LENGTH) return;
  q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 5 });
  q.term(word, { usePipeline: false, editDistance: 1, boost: 1 });
}

function intersect(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [row, score] of a) {
    const other = b.get(row);
    if (other !== undefined) out.set(row, score + other);
  }
  return out;
}
