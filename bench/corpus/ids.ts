import { TEMPLATE_ID } from "../../core/spec/ids.js";
import { editDistance } from "../../core/util/edit-distance.js";
import { NearIndex } from "../../core/util/near-index.js";
import { normaliseId, squatStems, TWO_EDIT_MIN_LENGTH } from "../../core/validate/rules/id-rules.js";
/**
 * Hands out template ids that pass the registry's id rules without --base, where every template
 * counts as new: unique (CWS202), not equal once case and - _ . are ignored (CWS203), and not one
 * edit away from another id (CWS204; the rule forgives shared owners, this class never relies on
 * that), not two edits away when both are long (CWS204, through the validator's own NearIndex),
 * and not another id plus a word such as -v2 or -official (CWS228). Two ids within one edit
 * always share a single-deletion variant of their normalised form, so an id is refused when any
 * of its variants was seen before. Variants are kept as 53-bit hashes: a collision only refuses a
 * good id, never admits a bad one, and 50,000 ids fit in a few tens of MB.
 */
export class IdRegistry {
  private readonly variants = new Set<number>();
  private readonly near = new NearIndex<string>(TWO_EDIT_MIN_LENGTH);
  /** Normalised ids, and the normalised stems of suffixed ones, for CWS228 both ways round. */
  private readonly norms = new Set<string>();
  private readonly stems = new Set<string>();
  readonly ids = new Set<string>();

  /** True when `id` is free; it is then taken. */
  claim(id: string): boolean {
    if (!TEMPLATE_ID.test(id)) return false;
    const norm = normaliseId(id);
    const hashes = [...deletions(norm)].map(hash53);
    if (hashes.some((h) => this.variants.has(h))) return false;
    const stems = squatStems(id).map(normaliseId);
    if (this.stems.has(norm) || stems.some((s) => this.norms.has(s))) return false;
    for (const other of this.near.candidates(norm)) if (editDistance(norm, other, 2) <= 2) return false;
    for (const h of hashes) this.variants.add(h);
    this.near.add(norm, norm);
    this.norms.add(norm);
    for (const s of stems) this.stems.add(s);
    this.ids.add(id);
    return true;
  }
}

function deletions(word: string): Set<string> {
  const out = new Set([word]);
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Two 32-bit FNV-1a passes with different offsets, folded into a safe integer. */
function hash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
