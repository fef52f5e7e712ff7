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
    const out = new Map<number, number>();
    if (norm === 0) return out;
    // Dense accumulators: one allocation per word instead of a boxed number per hit and term.
    const acc = new Float64Array(this.packed.documents);
    const hit = new Uint8Array(this.packed.documents);
    for (const [term, boost] of boosts) {
      const { docs, weights } = this.termWeights(term);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        acc[doc] = (acc[doc] as number) + boost * (weights[i] as number);
        hit[doc] = 1;
      }
    }
    for (let doc = 0; doc < hit.length; doc++) if (hit[doc]) out.set(doc, (acc[doc] as number) / norm);
    return out;
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
    const sum = new Float64Array(packed.documents);
    const seen = new Uint8Array(packed.documents);
    let count = 0;
    packed.fields.forEach((field, f) => {
      const entries = perField[f] ?? [];
      const lengths = this.lengths[f] as Int32Array;
      for (let i = 0; i < entries.length; i += 2) {
        const doc = entries[i] as number;
        const tf = entries[i + 1] as number;
        // Written exactly as lunr.Builder#createFieldVectors, so the rounding matches bit for bit.
        let score = (idf * ((k1 + 1) * tf)) / (k1 * (1 - b + b * ((lengths[doc] as number) / field.average_length)) + tf);
        score *= field.boost || 1;
        sum[doc] = (sum[doc] as number) + Math.round(score * 1000) / 1000;
        if (!seen[doc]) {
          seen[doc] = 1;
          count++;
        }
      }
    });
    const docs = new Int32Array(count);
    const weights = new Float64Array(count);
    for (let doc = 0, at = 0; doc < seen.length; doc++) {
      if (!seen[doc]) continue;
      docs[at] = doc;
      weights[at++] = sum[doc] as number;
    }
    const out = { docs, weights };
    this.weights.set(term, out);
    return out;
  }
}
