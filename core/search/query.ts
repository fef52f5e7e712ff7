import lunr from "lunr";
import { binarySearch, type LoadedIndex } from "./load-packed-index.js";

/** Terms this long or longer also match as prefixes and with one typo (docs/client-spec.md §3.1). */
const FUZZY_MIN_LENGTH = 4;

/**
 * When every-word matching finds fewer templates than this, templates matching only some of the
 * words follow them (docs/client-spec.md §3.1), so one word the registry does not use ("long read
 * sequencing") no longer empties the result.
 */
export const RELAX_BELOW = 10;

/** One search hit: its Lunr score summed over the words it matched, and how many words those were. */
export interface SearchHit {
  score: number;
  words: number;
}

/** Hits by catalog row; `words` is how many searchable words the query had. */
export interface SearchResult {
  words: number;
  hits: Map<number, SearchHit>;
}

/**
 * The words of a query as the index sees them: lower-cased, query syntax treated as text (so
 * "c++" or "r:" never throw), split by Lunr's tokenizer, stop words dropped.
 */
export function queryWords(query: string): string[] {
  return lunr
    .tokenizer(query.toLowerCase().replace(/[^\p{L}\p{N}\s-]+/gu, " "))
    .map((token) => token.toString())
    .filter((word) => word.length > 0 && lunr.stopWordFilter(new lunr.Token(word, {})) !== undefined);
}

/**
 * Runs a free-text query: each word matches as written (stemmed, highest), as a prefix or with
 * one typo. The strict stage keeps the rows that match every word, so adding a word narrows;
 * when it keeps fewer than RELAX_BELOW, rows matching some of the words follow, ranked by how
 * many (compareRelevance). A query with no searchable word gives undefined: nothing to filter by.
 */
export function search(index: LoadedIndex, query: string): SearchResult | undefined {
  const words = queryWords(query);
  if (words.length === 0) return undefined;
  const perWord = words.map((word) => wordScores(index, word));
  const hits = new Map<number, SearchHit>();
  const [first, ...rest] = perWord;
  for (const [row, score] of first ?? []) {
    let total = score;
    let all = true;
    for (const scores of rest) {
      const other = scores.get(row);
      if (other === undefined) {
        all = false;
        break;
      }
      total += other;
    }
    if (all) hits.set(row, { score: total, words: words.length });
  }
  if (words.length > 1 && hits.size < RELAX_BELOW) {
    for (const scores of perWord) {
      for (const [row, score] of scores) {
        const hit = hits.get(row);
        if (hit?.words === words.length) continue;
        if (hit) {
          hit.score += score;
          hit.words += 1;
        } else hits.set(row, { score, words: 1 });
      }
    }
  }
  return { words: words.length, hits };
}

/** The strict stage only, as Lunr scores by row: rows that match every word. */
export function searchRows(index: LoadedIndex, query: string): Map<number, number> | undefined {
  const result = search(index, query);
  if (!result) return undefined;
  const out = new Map<number, number>();
  for (const [row, hit] of result.hits) if (hit.words === result.words) out.set(row, hit.score);
  return out;
}

function wordScores(index: LoadedIndex, word: string): Map<number, number> {
  return index.score(wordBoosts(index, word));
}

/**
 * The query vector of one word as Lunr would build it from three clauses: exact through the
 * pipeline (boost 10), then for words of FUZZY_MIN_LENGTH or more a trailing wildcard (5) and one
 * edit (1), unstemmed. The loose clauses expand against the terms and against the words the
 * stemmer changed ("genomcis" is one transposition from "genomics", indexed as "genom"), each
 * term once per clause, never a stemmed prefix, which would miss words the stemmer shortened
 * differently. Boosts of clauses reaching the same term add up, as in Lunr's query vector.
 */
export function wordBoosts(index: LoadedIndex, word: string): Map<number, number> {
  const boosts = new Map<number, number>();
  const add = (term: number, boost: number) => boosts.set(term, (boosts.get(term) ?? 0) + boost);
  for (const term of index.pipeline.runString(word)) {
    const at = binarySearch(index.terms, term);
    if (at >= 0) add(at, 10);
  }
  if (word.length < FUZZY_MIN_LENGTH) return boosts;
  const { terms, stems } = index;
  // Sorted lists make a prefix a contiguous range; one edit is checked word by word, which for a
  // few thousand terms is cheaper than building Lunr's TokenSet automata on every search.
  for (const [matches, boost] of [
    [(candidate: string) => candidate.startsWith(word), 5],
    [(candidate: string) => withinOneEdit(word, candidate), 1],
  ] as const) {
    const expanded = new Set<number>();
    const prefixOnly = boost === 5;
    for (const [i, candidate] of candidates(terms, word, prefixOnly)) if (matches(candidate)) expanded.add(i);
    for (const [i, candidate] of candidates(stems.words, word, prefixOnly)) if (matches(candidate)) expanded.add(stems.terms[i] as number);
    for (const term of expanded) add(term, boost);
  }
  return boosts;
}

/** Positions and values of a sorted list worth checking: the prefix range, or every entry. */
function* candidates(sorted: readonly string[], word: string, prefixOnly: boolean): Generator<[number, string]> {
  if (!prefixOnly) {
    for (let i = 0; i < sorted.length; i++) yield [i, sorted[i] as string];
    return;
  }
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < word) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && (sorted[i] as string).startsWith(word); i++) yield [i, sorted[i] as string];
}

/**
 * Lunr's one-edit match (lunr.TokenSet.fromFuzzyString(word, 1)): equal, or one insertion,
 * deletion, substitution or transposition of neighbours apart.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
