import type { Rng } from "../lib/prng.js";
import { ADJECTIVES } from "./common-words.js";
import type { Pool, Vocabulary } from "./vocabulary.js";

/**
 * Sentence frames with slots: {A} adjective, {G} general term, {D} domain, {M} method, {T} tool,
 * {F} format, {O} object, {P} package manager, {C} connection, {X} architecture. Short function
 * words keep 30+ words inside the schema's 300-character limit.
 */
const FRAMES = [
  "{A} {G} workstation for {D} and {M}.",
  "Runs {T}, {T} and {T} on {X} instances.",
  "Use it to explore {F} and {F} files with {T}.",
  "Includes {T} for {M} and {T} for {M}.",
  "Data can be staged from S3 so {M} starts at first boot.",
  "Good for {D} labs that need {M} at scale.",
  "Comes with a {G} setup, {T} and example {O} data.",
  "Tested on {M} of public {F} data.",
  "Suited to {D} courses and {G} {M}.",
  "Everything is installed with {P} and pinned for {G} results.",
  "Connect over {C} and keep {O} results on a data volume.",
  "Idle instances stop on their own to save cost.",
  "Built for {M} with {T} and {G} {T}.",
  "Brings {D} tools into one {G} environment.",
];

export interface DescriptionContext {
  vocabulary: Vocabulary;
  category: string;
  packageManager: string;
  connection: string;
  architectures: string[];
}

export const DESCRIPTION_WORDS = { min: 30, max: 60 } as const;
export const DESCRIPTION_MAX_CHARS = 300;

/**
 * A description of 30 to 60 words that fits the schema's 300 characters: frames are added until
 * the drawn word count is reached or the next one would not fit. In practice the character limit
 * ends most descriptions between 35 and 50 words.
 */
export function description(rng: Rng, ctx: DescriptionContext): string {
  for (;;) {
    const target = rng.int(DESCRIPTION_WORDS.min, DESCRIPTION_WORDS.max);
    const sentences: string[] = [];
    let words = 0;
    for (const frame of rng.sample(FRAMES, FRAMES.length)) {
      const sentence = fill(frame, rng, ctx);
      const next = [...sentences, sentence].join(" ");
      if (next.length > DESCRIPTION_MAX_CHARS) continue;
      sentences.push(sentence);
      words = countWords(next);
      if (words >= target) break;
    }
    if (words >= DESCRIPTION_WORDS.min && words <= DESCRIPTION_WORDS.max) return sentences.join(" ");
  }
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Replaces each slot of a frame; repeated slots of one kind get distinct terms when they can. */
export function fill(frame: string, rng: Rng, ctx: DescriptionContext): string {
  const pools = ctx.vocabulary.pools.get(ctx.category);
  if (!pools) throw new Error(`no vocabulary for category ${ctx.category}`);
  const used = new Set<string>();
  const distinct = (pool: Pool) => {
    let word = pool.draw(rng);
    for (let i = 0; i < 5 && used.has(word); i++) word = pool.draw(rng);
    used.add(word);
    return word;
  };
  const arch = ctx.architectures.map((a) => (a === "arm64" ? "Graviton" : "x86")).join(" or ");
  const text = frame.replace(/\{([A-Z])\}/g, (_, slot: string) => {
    switch (slot) {
      case "A":
        return rng.pick(ADJECTIVES);
      case "G":
        return distinct(ctx.vocabulary.general);
      case "D":
        return distinct(pools.domain);
      case "M":
        return distinct(pools.method);
      case "T":
        return distinct(pools.tool);
      case "F":
        return distinct(pools.format);
      case "O":
        return distinct(pools.object);
      case "P":
        return ctx.packageManager;
      case "C":
        return ctx.connection === "web" ? "the browser" : ctx.connection === "desktop" ? "a remote desktop" : "SSH";
      default:
        return arch;
    }
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}
