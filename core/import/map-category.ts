/**
 * The marketplace category from what a CloudWorkstation template says about itself: its
 * `category` ("Machine Learning", "Statistical Analysis"), its `domain` ("ml", "genomics") and its
 * tags' values ("purpose: data-science"), matched against registry/categories.json by id, by
 * display name, and by the words researchers use for each field.
 */
import { closestIds, slugify } from "./slug.js";
import type { Path, Source } from "./source.js";
import type { ImportOptions } from "./types.js";

/** Words (as kebab-case fragments) that name each category of registry/categories.json. */
const SYNONYMS: Record<string, readonly string[]> = {
  "machine-learning": ["machine-learning", "ml", "ai", "deep-learning", "artificial-intelligence", "llm", "neural"],
  "data-science": ["data-science", "datascience", "data-analysis", "data-analytics", "analytics", "notebook"],
  statistics: ["statistics", "statistical", "statistical-analysis", "biostatistics", "r-research", "bayesian", "econometrics"],
  bioinformatics: ["bioinformatics", "genomics", "genetics", "biology", "life-sciences", "computational-biology", "proteomics"],
  neuroimaging: ["neuroimaging", "neuroscience", "brain-imaging", "mri", "fmri"],
  "climate-science": ["climate", "climate-science", "atmospheric", "weather", "earth-science", "oceanography"],
  geospatial: ["geospatial", "gis", "remote-sensing", "mapping", "spatial"],
  "computational-chemistry": ["chemistry", "computational-chemistry", "molecular-dynamics", "quantum-chemistry", "materials-science"],
  hpc: ["hpc", "high-performance-computing", "scientific-computing", "parallel-computing", "mpi", "simulation"],
  astronomy: ["astronomy", "astrophysics", "astro"],
  "social-science": ["social-science", "social-sciences", "digital-humanities", "humanities", "economics", "survey"],
  education: ["education", "teaching", "course", "courses", "training", "workshop", "classroom"],
};

interface Clue {
  text: string;
  path: Path;
}

/**
 * --category, else the first clue in the YAML that names a category, else --default-category;
 * undefined (with a CWS503 error that lists the closest ids) when none of them gives one.
 */
export function mapCategory(src: Source, options: ImportOptions): string | undefined {
  const taxonomy = options.categories;
  const listHint = (word: string) => (taxonomy && taxonomy.length > 0 ? `; closest categories: ${closestIds(word, taxonomy).join(", ")}` : "");
  if (options.category !== undefined) return checked(src, options.category, "--category", taxonomy, listHint);
  const clues = cluesOf(src);
  for (const clue of clues) {
    const found = match(clue.text, options);
    if (found === undefined) continue;
    if (found !== slugify(clue.text, 64) || clue.path[0] !== "category") {
      src.report(
        "CWS504",
        clue.path,
        `category "${found}" chosen from ${clue.path.join(".")} "${clue.text}"`,
        `pass --category to choose another${listHint(found)}`,
      );
    }
    return found;
  }
  if (options.defaultCategory !== undefined) return checked(src, options.defaultCategory, "--default-category", taxonomy, listHint);
  const first = clues[0];
  const why = first
    ? `no category in registry/categories.json matches ${clues.map((c) => `"${c.text}"`).join(", ")}`
    : "the template has no category, domain or tags";
  src.report(
    "CWS503",
    first?.path ?? [],
    `no category: ${why}`,
    `pass --category <id> (--default-category for a folder)${listHint(slugify(first?.text ?? src.string(["name"]) ?? ""))}`,
  );
  return undefined;
}

function checked(src: Source, category: string, flag: string, taxonomy: readonly string[] | undefined, listHint: (w: string) => string): string | undefined {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(category) || category.length > 64) {
    src.report("CWS503", [], `${flag} "${category}" is not a category id`, `category ids are lowercase kebab-case${listHint(slugify(category))}`);
    return undefined;
  }
  if (taxonomy && !taxonomy.includes(category)) {
    src.report("CWS503", [], `${flag} "${category}" is not in the registry's taxonomy (registry/categories.json)`, `pass an existing id${listHint(category)}`);
    return undefined;
  }
  return category;
}

function cluesOf(src: Source): Clue[] {
  const clues: Clue[] = [];
  for (const field of ["category", "domain"]) {
    const text = src.string([field])?.trim();
    if (text) clues.push({ text, path: [field] });
  }
  for (const key of src.keys(["tags"])) {
    const text = src.string(["tags", key])?.trim();
    // Flags ("gpu: true") say nothing about the field; placeholders are only known at launch.
    if (text && !text.includes("{{") && !/^(?:true|false|yes|no|on|off)$/i.test(text) && !clues.some((c) => c.text === text)) {
      clues.push({ text, path: ["tags", key] });
    }
  }
  return clues;
}

/** The category id a clue names: the id itself, a category's display name, or one of its synonyms. */
function match(text: string, options: ImportOptions): string | undefined {
  const slug = slugify(text, 64);
  if (!slug) return undefined;
  const taxonomy = options.categories;
  const known = (id: string) => taxonomy === undefined || taxonomy.includes(id);
  if (taxonomy?.includes(slug)) return slug;
  for (const [id, name] of Object.entries(options.categoryNames ?? {})) {
    if (known(id) && slugify(name, 64) === slug) return id;
  }
  for (const [id, words] of Object.entries(SYNONYMS)) {
    if (known(id) && words.includes(slug)) return id;
  }
  // "Machine Learning & AI" style names: every word of the clue is in the category's name.
  for (const [id, name] of Object.entries(options.categoryNames ?? {})) {
    const words = slugify(name, 64).split("-");
    if (known(id) && slug.split("-").every((w) => words.includes(w))) return id;
  }
  return taxonomy === undefined ? slug : undefined;
}
