import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Categories, Featured, Template } from "../../core/types/generated.js";
import { Rng, WeightedSampler } from "../lib/prng.js";
import { STOP_WORDS } from "./common-words.js";
import { IdRegistry } from "./ids.js";
import { People } from "./people.js";
import { readme } from "./readme.js";
import { generateTemplate } from "./template.js";
import { buildVocabulary, FIELDS, type Vocabulary } from "./vocabulary.js";

export interface GeneratedTemplate {
  template: Template;
  readme: string;
}

export interface Corpus {
  seed: number;
  templates: GeneratedTemplate[];
  featured: Featured;
  vocabulary: Vocabulary;
  /** The most frequent single-word vocabulary term in names, descriptions and tags: the benchmark's search term. */
  commonTerm: string;
  /** Occurrences of each vocabulary term in names, descriptions and tags, most frequent first. */
  termCounts: [string, number][];
}

/** How popular each category is: life sciences and ML publish the most, as on real registries. */
const CATEGORY_WEIGHTS: Record<string, number> = {
  bioinformatics: 18,
  "machine-learning": 16,
  "data-science": 12,
  statistics: 8,
  neuroimaging: 7,
  education: 6,
  "climate-science": 7,
  geospatial: 7,
  "computational-chemistry": 7,
  hpc: 6,
  astronomy: 4,
  "social-science": 5,
};

export const REGISTRY_DIR = new URL("../../registry/", import.meta.url).pathname;

/** A deterministic synthetic registry of `size` templates: the same size and seed always give the same bytes. */
export function generateCorpus(size: number, seed = 1): Corpus {
  const rng = new Rng(seed);
  const vocabulary = buildVocabulary(seed);
  const people = new People(rng.fork(1), Math.max(4, Math.ceil(size / 6)));
  const ctx = { vocabulary, people, ids: new IdRegistry(), active: [] as Template[] };
  const fieldSampler = new WeightedSampler(FIELDS.map((f) => CATEGORY_WEIGHTS[f.category] ?? 1));
  const templates: GeneratedTemplate[] = [];
  for (let i = 0; i < size; i++) {
    // Each template draws from its own stream, so a change to one generator step moves only that template.
    const local = rng.fork(0x1000 + i);
    const f = FIELDS[fieldSampler.draw(local)] ?? FIELDS[0];
    if (!f) throw new Error("no fields");
    const template = generateTemplate(local, ctx, f);
    templates.push({ template, readme: readme(local, template) });
  }
  const featured: Featured = {
    $schema: "../schemas/featured.schema.json",
    featured: rng.sample(ctx.active, Math.min(8, ctx.active.length)).map((t) => ({
      template_id: t.template_id,
      reason: `A well-documented ${t.category.replace(/-/g, " ")} workstation: ${t.description.split(". ")[0]?.replace(/\.$/, "")}.`.slice(0, 300),
    })),
  };
  const termCounts = countTerms(templates, vocabulary);
  const commonTerm = termCounts.find(([word]) => !word.includes("-") && !STOP_WORDS.has(word))?.[0] ?? "python";
  return { seed, templates, featured, vocabulary, commonTerm, termCounts };
}

/** Counts vocabulary terms among the words of names, descriptions and tags (split like Lunr: whitespace and hyphens, plus punctuation). */
export function countTerms(templates: readonly GeneratedTemplate[], vocabulary: Vocabulary): [string, number][] {
  const known = new Set(vocabulary.terms.map((t) => t.word));
  const counts = new Map<string, number>();
  const bump = (word: string) => {
    if (known.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  };
  for (const { template: t } of templates) {
    for (const tag of t.tags) bump(tag);
    for (const word of `${t.name} ${t.description}`.toLowerCase().split(/[^a-z0-9-]+/)) {
      if (!word) continue;
      bump(word);
      if (word.includes("-")) for (const part of word.split("-")) bump(part);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Writes the corpus as a registry folder: templates/<id>/{template.json,README.md}, categories.json (copied), featured.json. */
export function writeCorpus(corpus: Corpus, dir: string): void {
  mkdirSync(join(dir, "templates"), { recursive: true });
  cpSync(join(REGISTRY_DIR, "categories.json"), join(dir, "categories.json"));
  writeFileSync(join(dir, "featured.json"), `${JSON.stringify(corpus.featured, null, 2)}\n`);
  for (const { template, readme } of corpus.templates) {
    const folder = join(dir, "templates", template.template_id);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "template.json"), `${JSON.stringify(template, null, 2)}\n`);
    writeFileSync(join(folder, "README.md"), readme);
  }
}

/** The category ids the corpus uses; each must exist in registry/categories.json. */
export function corpusCategories(categories: Categories): string[] {
  return categories.categories.map((c) => c.id).filter((id) => id in CATEGORY_WEIGHTS);
}
