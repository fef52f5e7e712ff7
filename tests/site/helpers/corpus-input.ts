import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateCorpus, REGISTRY_DIR } from "../../../bench/corpus/generate.js";
import type { BuildInput } from "../../../core/build/inputs.js";
import type { Categories } from "../../../core/types/generated.js";

/** Build input for a synthetic registry of `size` templates, from the bench's own generator. */
export function corpusInput(size: number, seed = 1): BuildInput & { commonTerm: string } {
  const corpus = generateCorpus(size, seed);
  return {
    templates: corpus.templates.map((t) => t.template),
    docs: new Map(corpus.templates.map((t) => [t.template.template_id, t.readme])),
    screenshots: new Map(),
    history: new Map(),
    stats: new Map(),
    reviews: new Map(),
    amiState: { version: 1, templates: {} },
    categories: JSON.parse(readFileSync(join(REGISTRY_DIR, "categories.json"), "utf8")) as Categories,
    featured: corpus.featured,
    generatedAt: "2026-11-01T00:00:00Z",
    commonTerm: corpus.commonTerm,
  };
}
