import { Rng, WeightedSampler } from "../lib/prng.js";
import { GENERAL, QUALIFIERS } from "./common-words.js";
import type { Field } from "./field.js";
import { LIFE_FIELDS } from "./fields-life.js";
import { PHYSICAL_FIELDS } from "./fields-physical.js";

export const FIELDS: readonly Field[] = [...LIFE_FIELDS, ...PHYSICAL_FIELDS];

export type TermKind = "general" | "domain" | "object" | "process" | "tool" | "format" | "method" | "variant";

export interface Term {
  word: string;
  /** 1 = most frequent; the term's weight is 1/rank (Zipf, s = 1). */
  rank: number;
  kind: TermKind;
  /** Categories whose templates use it; empty for general terms. */
  fields: string[];
}

/** What a slot in a generated sentence or list asks for. */
export type Slot = "general" | "domain" | "object" | "method" | "tool" | "format" | "tag";

/** Terms of one slot, drawn with their Zipf weights. */
export class Pool {
  private readonly sampler: WeightedSampler;

  constructor(readonly terms: readonly Term[]) {
    this.sampler = new WeightedSampler(terms.map((t) => 1 / t.rank));
  }

  draw(rng: Rng): string {
    return (this.terms[this.sampler.draw(rng)] as Term).word;
  }
}

export interface Vocabulary {
  terms: readonly Term[];
  general: Pool;
  /** Slot pools by category id. */
  pools: ReadonlyMap<string, Readonly<Record<Exclude<Slot, "general">, Pool>>>;
}

export const VOCABULARY_SIZE = 5000;

/**
 * About 5,000 terms ranked for Zipf frequencies: general terms first, then the fields' real
 * words interleaved (so no field owns all the frequent ranks), then compounds in seeded order:
 * object-process methods ("variant-calling") and tool variants ("gromacs-mpi"), the way real
 * tags grow out of a few hundred base words.
 */
export function buildVocabulary(seed = 1): Vocabulary {
  const rng = new Rng(seed).fork(0x70c4b);
  const byWord = new Map<string, Term>();
  const add = (word: string, kind: TermKind, category?: string) => {
    const existing = byWord.get(word);
    if (existing) {
      if (category && existing.fields.length > 0 && !existing.fields.includes(category)) existing.fields.push(category);
      return;
    }
    if (byWord.size >= VOCABULARY_SIZE) return;
    byWord.set(word, { word, rank: byWord.size + 1, kind, fields: category ? [category] : [] });
  };

  for (const word of GENERAL) add(word, "general");
  const kinds = [
    ["domain", (f: Field) => f.domains],
    ["tool", (f: Field) => f.tools],
    ["process", (f: Field) => f.processes],
    ["object", (f: Field) => f.objects],
    ["format", (f: Field) => f.formats],
  ] as const;
  const longest = Math.max(...FIELDS.flatMap((f) => kinds.map(([, list]) => list(f).length)));
  for (let i = 0; i < longest; i++) {
    for (const f of FIELDS) for (const [kind, list] of kinds) if (list(f)[i]) add(list(f)[i] as string, kind, f.category);
  }

  const compounds = FIELDS.map((f) => {
    const methods = f.objects.flatMap((o) => f.processes.filter((p) => !overlaps(o, p)).map((p) => ({ word: `${o}-${p}`, kind: "method" as const })));
    const variants = f.tools.flatMap((t) =>
      qualifiersFor(f)
        .filter((q) => !overlaps(t, q))
        .map((q) => ({ word: `${t}-${q}`, kind: "variant" as const })),
    );
    return rng.sample([...methods, ...variants], methods.length + variants.length);
  });
  const widest = Math.max(...compounds.map((c) => c.length));
  for (let i = 0; i < widest && byWord.size < VOCABULARY_SIZE; i++) {
    FIELDS.forEach((f, j) => {
      const c = compounds[j]?.[i];
      if (c && c.word.length <= 40) add(c.word, c.kind, f.category);
    });
  }

  const terms = [...byWord.values()];
  const general = new Pool(terms.filter((t) => t.kind === "general"));
  const pools = new Map<string, Record<Exclude<Slot, "general">, Pool>>();
  for (const f of FIELDS) {
    const mine = terms.filter((t) => t.fields.includes(f.category));
    const of = (...k: TermKind[]) => new Pool(mine.filter((t) => k.includes(t.kind)));
    pools.set(f.category, {
      domain: of("domain"),
      object: of("object"),
      method: of("process", "method"),
      tool: of("tool"),
      format: of("format"),
      tag: new Pool([...mine, ...terms.filter((t) => t.kind === "general")].sort((a, b) => a.rank - b.rank)),
    });
  }
  return { terms, general, pools };
}

/** Qualifiers that make sense for a field's tools: GPU ones only where GPUs are common, MPI ones only for HPC-style fields. */
export function qualifiersFor(f: Field): string[] {
  return [
    ...QUALIFIERS.base,
    ...(f.gpu >= 0.15 ? QUALIFIERS.gpu : []),
    ...(f.manager === "spack" || ["climate-science", "astronomy", "hpc"].includes(f.category) ? QUALIFIERS.mpi : []),
    ...(f.service ? QUALIFIERS.service : []),
  ];
}

/** "spike" + "spike-sorting", "tile" + "tiling", "openmpi" + "mpi": compounds nobody would write. */
function overlaps(a: string, b: string): boolean {
  const stems = (w: string) => w.split("-").map((part) => part.slice(0, 4));
  const left = stems(a);
  return stems(b).some((s) => left.includes(s)) || a.includes(b) || b.includes(a);
}
