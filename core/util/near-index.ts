/**
 * Finds strings within two edits of a probe among those added so far, in time linear in the
 * number of strings. Pigeonhole: split a string into four segments; two edits touch at most two
 * of them, so a string within two edits of it contains the other two unchanged, each shifted by
 * at most two places (and by at most two from where the length difference puts it). Each string
 * is filed under its four segments (with its length and the segment's number); a probe looks up
 * its substrings at those places, at most 76 lookups, and keeps the strings that matched in two
 * segments. Requiring two segments, not one, is what keeps similar ids ("x-lab-1", "x-lab-2",
 * ...) from making every id a candidate of every other. Candidates still need checking with
 * editDistance.
 */
export class NearIndex<T> {
  private readonly items: T[] = [];
  /** Per probe, by item number: which segments matched, and for which probe (so nothing is cleared). */
  private bits = new Uint8Array(64);
  private seen = new Uint32Array(64);
  private probe = 0;
  /** By string length * SEGMENTS + segment number: the segment's text → the items that have it there. */
  private readonly segments: Map<string, number[]>[] = [];

  constructor(private readonly minLength: number) {}

  add(s: string, item: T): void {
    if (s.length < this.minLength) return;
    const n = this.items.push(item) - 1;
    if (n >= this.bits.length) {
      this.bits = grow(this.bits, new Uint8Array(this.bits.length * 2));
      this.seen = grow(this.seen, new Uint32Array(this.seen.length * 2));
    }
    for (const [i, start, length] of partition(s.length)) {
      const slot = s.length * SEGMENTS + i;
      const map = this.segments[slot] ?? new Map<string, number[]>();
      this.segments[slot] = map;
      const key = s.slice(start, start + length);
      const list = map.get(key);
      if (list) list.push(n);
      else map.set(key, [n]);
    }
  }

  /** Items added so far whose string may be within two edits of `s`. */
  candidates(s: string): Set<T> {
    const out = new Set<T>();
    if (s.length < this.minLength) return out;
    const probe = ++this.probe;
    for (let length = Math.max(this.minLength, s.length - 2); length <= s.length + 2; length++) {
      const delta = s.length - length;
      for (const [i, start, size] of partition(length)) {
        const map = this.segments[length * SEGMENTS + i];
        if (!map) continue;
        const lo = Math.max(0, start - 2, start + delta - 2);
        const hi = Math.min(s.length - size, start + 2, start + delta + 2);
        for (let at = lo; at <= hi; at++) {
          const list = map.get(s.slice(at, at + size));
          if (!list) continue;
          for (const n of list) {
            // Bit i set: the item's segment i was found in s.
            const bits = (this.seen[n] === probe ? (this.bits[n] ?? 0) : 0) | (1 << i);
            this.seen[n] = probe;
            this.bits[n] = bits;
            if (bits & (bits - 1)) out.add(this.items[n] as T);
          }
        }
      }
    }
    return out;
  }
}

const SEGMENTS = 4;

function grow<A extends Uint8Array | Uint32Array>(from: A, to: A): A {
  to.set(from);
  return to;
}

const partitions: [number, number, number][][] = [];

/** Four segments of a string of this length: [number, start, length], the longer ones last. */
function partition(length: number): [number, number, number][] {
  const cached = partitions[length];
  if (cached) return cached;
  const small = Math.floor(length / SEGMENTS);
  const large = length % SEGMENTS;
  let start = 0;
  const out: [number, number, number][] = [];
  for (let i = 0; i < SEGMENTS; i++) {
    const size = i < SEGMENTS - large ? small : small + 1;
    out.push([i, start, size]);
    start += size;
  }
  partitions[length] = out;
  return out;
}
