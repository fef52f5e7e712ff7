import { HANDLE } from "../../core/spec/ids.js";
import { type Rng, WeightedSampler, zipfWeights } from "../lib/prng.js";
import { GROUP_SUFFIXES, INSTITUTIONS, SURNAMES } from "./common-words.js";

const SHORT_FIELD: Record<string, string> = {
  bioinformatics: "bioinfo",
  "machine-learning": "ml",
  "data-science": "data",
  statistics: "stats",
  neuroimaging: "neuro",
  "climate-science": "climate",
  geospatial: "geo",
  "computational-chemistry": "chem",
  hpc: "hpc",
  astronomy: "astro",
  "social-science": "css",
  education: "teaching",
};

/**
 * Publishers: research groups ("ucsd-rc", "chen-lab") and individuals ("jpatel-bioinfo"). A few
 * groups publish many templates and most publish one or two, so authors are drawn by Zipf rank,
 * as on any real package registry.
 */
export class People {
  private readonly handles: string[] = [];
  private readonly sampler: WeightedSampler;

  constructor(
    rng: Rng,
    readonly count: number,
  ) {
    const seen = new Set<string>();
    const letters = "abcdefghijklmnoprstvwy";
    for (let i = 0; seen.size < count; i++) {
      const kind = i % 3;
      const base =
        kind === 0
          ? `${rng.pick(INSTITUTIONS)}-${rng.pick(GROUP_SUFFIXES)}`
          : kind === 1
            ? `${rng.pick(SURNAMES)}-${rng.pick(["lab", "group"])}`
            : `${rng.pick([...letters])}${rng.pick(SURNAMES)}-${rng.pick(Object.values(SHORT_FIELD))}`;
      // Past the easy combinations, a digit suffix keeps handles unique, as GitHub users do.
      const handle = seen.has(base) ? `${base}${(i % 97) + 2}` : base;
      if (HANDLE.test(handle) && !seen.has(handle)) {
        seen.add(handle);
        this.handles.push(handle);
      }
    }
    this.sampler = new WeightedSampler(zipfWeights(count, 0.8));
  }

  author(rng: Rng): string {
    return this.handles[this.sampler.draw(rng)] as string;
  }

  /** An owner other than `author`: a colleague co-maintaining the template. */
  coOwner(rng: Rng, author: string): string {
    for (;;) {
      const other = rng.pick(this.handles);
      if (other !== author || this.handles.length === 1) return other;
    }
  }
}

/** Short per-field suffix for handles and ids ("bioinfo", "chem"). */
export function shortField(category: string): string {
  return SHORT_FIELD[category] ?? category.split("-")[0] ?? category;
}
