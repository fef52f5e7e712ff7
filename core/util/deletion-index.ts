/**
 * Finds strings that share a single-deletion variant with a probe (the string itself, or it with
 * one character taken out), which every string within one edit does. Variants are never built as
 * strings: each is filed under a 30-bit hash, computed in place, in an open-addressing table of
 * typed arrays, and confirmed character by character; 10,000 ids are 220,000 variants, and a Map
 * of them (strings or numbers) cost more than all the other id rules. Candidates come out in the
 * order a map from variant to the strings that have it would give: by the probe's variant (itself
 * first, then without position 0, 1, ...), then in the order the strings were added.
 */
export class DeletionIndex<T> {
  private readonly items: T[] = [];
  private readonly words: string[] = [];
  /** Per variant entry: its hash, its word's number, the deleted position (-1: none), the next entry with the same hash. */
  private hash = new Int32Array(1024);
  private word = new Int32Array(1024);
  private pos = new Int32Array(1024);
  private next = new Int32Array(1024);
  /** Per first entry of a hash: the last one, so entries stay in the order added. */
  private last = new Int32Array(1024);
  private entries = 0;
  /** Open addressing: first entry + 1 for each hash present, 0 for an empty slot. */
  private slots = new Int32Array(4096);

  /** Calls `found` for each item added so far that shares a deletion variant with `word`, then adds `word` as `item`. */
  probeAndAdd(word: string, item: T, found: (other: T) => void): void {
    const n = this.items.push(item) - 1;
    this.words.push(word);
    const pending: number[] = [];
    for (let pos = -1; pos < word.length; pos++) {
      // Deleting any character of a run gives the same variant; only the first counts.
      if (pos > 0 && word.charCodeAt(pos) === word.charCodeAt(pos - 1)) continue;
      const h = variantHash(word, pos);
      for (let e = this.first(h); e >= 0; e = this.next[e] as number) {
        const other = this.word[e] as number;
        if (sameVariant(this.words[other] as string, this.pos[e] as number, word, pos)) found(this.items[other] as T);
      }
      pending.push(h, pos);
    }
    for (let k = 0; k < pending.length; k += 2) this.insert(pending[k] as number, n, pending[k + 1] as number);
  }

  private slotOf(h: number): number {
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const head = this.slots[s] as number;
      if (head === 0 || this.hash[head - 1] === h) return s;
      s = (s + 1) & mask;
    }
  }

  private first(h: number): number {
    return (this.slots[this.slotOf(h)] as number) - 1;
  }

  private insert(h: number, n: number, pos: number): void {
    if (this.entries === this.hash.length) this.growEntries();
    if (this.entries * 2 >= this.slots.length) this.growSlots();
    const e = this.entries++;
    this.hash[e] = h;
    this.word[e] = n;
    this.pos[e] = pos;
    this.next[e] = -1;
    const s = this.slotOf(h);
    const head = (this.slots[s] as number) - 1;
    if (head < 0) {
      this.slots[s] = e + 1;
      this.last[e] = e;
    } else {
      this.next[this.last[head] as number] = e;
      this.last[head] = e;
    }
  }

  private growEntries(): void {
    const size = this.hash.length * 2;
    this.hash = copy(this.hash, size);
    this.word = copy(this.word, size);
    this.pos = copy(this.pos, size);
    this.next = copy(this.next, size);
    this.last = copy(this.last, size);
  }

  private growSlots(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (const head of old) if (head !== 0) this.slots[this.slotOf(this.hash[head - 1] as number)] = head;
  }
}

function copy(from: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}

/** FNV-1a of `word` without the character at `pos`, in 30 bits; a collision costs one comparison, never a wrong match. */
function variantHash(word: string, pos: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < word.length; k++) {
    if (k === pos) continue;
    h = Math.imul(h ^ word.charCodeAt(k), 0x01000193);
  }
  return (h ^ (h >>> 30)) & 0x3fffffff;
}

function variantLength(word: string, pos: number): number {
  return pos < 0 ? word.length : word.length - 1;
}

function sameVariant(x: string, xPos: number, y: string, yPos: number): boolean {
  const length = variantLength(x, xPos);
  if (length !== variantLength(y, yPos)) return false;
  for (let i = 0, j = 0, k = 0; k < length; k++, i++, j++) {
    if (i === xPos) i++;
    if (j === yPos) j++;
    if (x.charCodeAt(i) !== y.charCodeAt(j)) return false;
  }
  return true;
}
