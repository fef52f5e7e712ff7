/**
 * Finds strings within two edits of a probe among those added so far, in time linear in the
 * number of strings. Pigeonhole: split a string into three segments; two edits can touch at most
 * two of them, so a string within two edits of it contains the third unchanged, shifted by at most
 * two places. Each string is filed under its three segments (with its length and the segment's
 * number), and a probe looks up its substrings at those places: at most 19 lookups, whatever
 * the number of strings.
 * Candidates still need checking with editDistance.
 */
export class NearIndex<T> {
  private readonly segments = new Map<string, T[]>();

  constructor(private readonly minLength: number) {}

  add(s: string, item: T): void {
    if (s.length < this.minLength) return;
    for (const [i, start, length] of partition(s.length)) {
      const key = `${s.length}:${i}:${s.slice(start, start + length)}`;
      const list = this.segments.get(key);
      if (list) list.push(item);
      else this.segments.set(key, [item]);
    }
  }

  /** Items added so far whose string may be within two edits of `s`. */
  candidates(s: string): Set<T> {
    const out = new Set<T>();
    if (s.length < this.minLength) return out;
    for (let length = Math.max(this.minLength, s.length - 2); length <= s.length + 2; length++) {
      const shift = s.length - length;
      for (const [i, start, size] of partition(length)) {
        // Multi-match-aware bounds (Li et al., Pass-Join, VLDB 2011): some segment matches within them.
        const lo = Math.max(0, start - i, start + shift - (2 - i));
        const hi = Math.min(s.length - size, start + i, start + shift + (2 - i));
        for (let at = lo; at <= hi; at++) {
          for (const item of this.segments.get(`${length}:${i}:${s.slice(at, at + size)}`) ?? []) out.add(item);
        }
      }
    }
    return out;
  }
}

/** Three segments of a string of this length: [number, start, length], the longer ones last. */
function partition(length: number): [number, number, number][] {
  const small = Math.floor(length / 3);
  const large = length % 3;
  const sizes = [0, 1, 2].map((i) => (i < 3 - large ? small : small + 1));
  let start = 0;
  return sizes.map((size, i) => {
    const entry: [number, number, number] = [i, start, size];
    start += size;
    return entry;
  });
}
