import { decodePosting, readFixedWidth } from "../spec/packed-format.js";
import type { SearchIndex } from "../types/generated.js";

/**
 * Lunr's score for a query made of exact term clauses, computed straight from the packed
 * postings: no lunr.Index, no per-hit MatchData, FieldRef strings or Vector objects, which
 * dominate a query on a very common term ("python" matches 3 of 4 templates at 10,000).
 *
 * Lunr scores a document as Σ over fields of (query vector · field vector) / |query vector|,
 * where the query vector holds, per term, the sum of the boosts of the clauses that expanded to
 * it (the same in every field), and field vectors hold the BM25 weights of
 * docs/client-spec.md §3.1.1. Only the query's terms contribute to a dot product, so
 * Σ_t boost(t) × Σ_f weight(t, f, doc) / |boosts| is Lunr's score, up to the order of additions
 * (tests/search/packed-index.test.ts compares the two).
 */
export class PackedScorer {
  private readonly weights = new Map<number, { docs: Int32Array; weights: Float64Array }>();
  private readonly lengths: Int32Array[];

  constructor(private readonly packed: Omit<SearchIndex, "ranking">) {
    this.lengths = packed.fields.map((f) => {
      const out = new Int32Array(packed.documents);
      for (let d = 0; d < packed.documents; d++) out[d] = readFixedWidth(f.lengths, d);
      return out;
    });
  }

  /** Scores by document for term indexes with their summed boosts. */
  score(boosts: ReadonlyMap<number, number>): Map<number, number> {
    let norm = 0;
    for (const b of boosts.values()) norm += b * b;
    norm = Math.sqrt(norm);
    const acc = new Map<number, number>();
    if (norm === 0) return acc;
    for (const [term, boost] of boosts) {
      const { docs, weights } = this.termWeights(term);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        acc.set(doc, (acc.get(doc) ?? 0) + boost * (weights[i] as number));
      }
    }
    for (const [doc, dot] of acc) acc.set(doc, dot / norm);
    return acc;
  }

  /** A term's documents with its weight summed over fields, decoded once per term. */
  private termWeights(term: number): { docs: Int32Array; weights: Float64Array } {
    const cached = this.weights.get(term);
    if (cached) return cached;
    const { packed } = this;
    const perField = decodePosting(packed.postings[term] ?? "", packed.fields.length);
    let documentsWithTerm = 0;
    for (const entries of perField) documentsWithTerm += entries.length / 2;
    const x = (packed.documents - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
    const idf = Math.log(1 + Math.abs(x));
    const { k1, b } = packed.bm25;
    const byDoc = new Map<number, number>();
    packed.fields.forEach((field, f) => {
      const entries = perField[f] ?? [];
      const lengths = this.lengths[f] as Int32Array;
      for (let i = 0; i < entries.length; i += 2) {
        const doc = entries[i] as number;
        const tf = entries[i + 1] as number;
        // Written exactly as lunr.Builder#createFieldVectors, so the rounding matches bit for bit.
        let score = (idf * ((k1 + 1) * tf)) / (k1 * (1 - b + b * ((lengths[doc] as number) / field.average_length)) + tf);
        score *= field.boost || 1;
        byDoc.set(doc, (byDoc.get(doc) ?? 0) + Math.round(score * 1000) / 1000);
      }
    });
    const docs = Int32Array.from(byDoc.keys());
    const weights = Float64Array.from(byDoc.values());
    const out = { docs, weights };
    this.weights.set(term, out);
    return out;
  }
}
