import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeletionIndex } from "../../core/util/deletion-index.js";

/** The map of variant strings the index replaces: what it finds, in the order it finds it. */
function reference(words: readonly string[]): number[][] {
  const variants = new Map<string, number[]>();
  return words.map((word, n) => {
    const found: number[] = [];
    const own = new Set([word]);
    for (let i = 0; i < word.length; i++) own.add(word.slice(0, i) + word.slice(i + 1));
    for (const v of own) {
      found.push(...(variants.get(v) ?? []));
      variants.set(v, [...(variants.get(v) ?? []), n]);
    }
    return found;
  });
}

function indexed(words: readonly string[]): number[][] {
  const index = new DeletionIndex<number>();
  return words.map((word, n) => {
    const found: number[] = [];
    index.probeAndAdd(word, n, (other) => found.push(other));
    return found;
  });
}

describe("DeletionIndex", () => {
  it("finds what a map of deletion variants finds, in the same order", () => {
    // A small alphabet makes shared variants, runs of one letter and empty strings common.
    const word = fc.stringMatching(/^[ab-]{0,7}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), (words) => {
        expect(indexed(words)).toEqual(reference(words));
      }),
      { numRuns: 400 },
    );
  });

  it("stays exact past its initial table size", () => {
    const words = Array.from({ length: 3000 }, (_, i) => `id${(i * 7919) % 1000}x${i % 7}`);
    const found = indexed(words);
    expect(found).toEqual(reference(words));
    expect(found.flat().length).toBeGreaterThan(3000);
  });
});
