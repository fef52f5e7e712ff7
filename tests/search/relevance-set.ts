import { buildTree } from "../../core/build/build-tree.js";
import { loadSearchIndex } from "../../core/search/load-packed-index.js";
import { search } from "../../core/search/query.js";
import { applyBrowse, parseState } from "../../core/site/browse.js";
import { CATALOG_PATH, SEARCH_INDEX_PATH } from "../../core/spec/layout.js";
import type { Catalog, SearchIndex } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";

/**
 * The relevance set: queries a researcher types on the seeded registry (registry/templates) and
 * the templates that must appear in the first three results. Typos, words the stemmer shortens,
 * a word no template uses, and a field outside name/tags/description (architecture) are all in
 * it. tests/search/relevance.test.ts requires every one; `npm run bench -- --only core` prints
 * how many are found, so a ranking change shows what it costs.
 */
export const RELEVANCE: readonly { query: string; top3: readonly string[] }[] = [
  { query: "genomics", top3: ["genomics-pipeline-v3"] },
  { query: "genomcis", top3: ["genomics-pipeline-v3"] },
  { query: "genomi", top3: ["genomics-pipeline-v3"] },
  { query: "pytorhc", top3: ["pytorch-gpu-workstation", "aws-dlami-pytorch"] },
  { query: "arm64", top3: ["gromacs-graviton"] },
  { query: "long read sequencing", top3: ["nanopore-long-read"] },
  { query: "genomics variant calling", top3: ["somatic-variant-calling", "genomics-pipeline-v3"] },
  { query: "single cell", top3: ["single-cell-analysis"] },
  { query: "gromacs", top3: ["gromacs-graviton"] },
  { query: "molecular dynamics", top3: ["gromacs-graviton"] },
  { query: "climate", top3: ["wrf-climate-modeling", "pangeo-climate-analysis"] },
  { query: "deep learning", top3: ["aws-dlami-pytorch", "pytorch-gpu-workstation"] },
  { query: "neuroimaging", top3: ["neuroimaging-fmriprep", "fsl5-freesurfer6-legacy"] },
  { query: "rstduio", top3: ["rstudio-server-tidyverse"] },
  { query: "bayesian statistics", top3: ["bayesian-modeling-stan"] },
  { query: "remote sensing", top3: ["remote-sensing-eo"] },
  { query: "fine tuning llm", top3: ["llm-finetune-lab"] },
  { query: "topic modeling", top3: ["text-as-data-nlp"] },
  { query: "computational chemistry", top3: ["cp2k-rdkit-chemistry"] },
  { query: "climate modelling", top3: ["wrf-climate-modeling"] },
];

/** Ranks a query on the seeded registry as the site and the CLI do (both run this code). */
export function seededRanker(): { catalog: Catalog; rank: (query: string) => string[] } {
  const { files } = buildTree(seededInput());
  const catalog = json<Catalog>(files, CATALOG_PATH);
  const index = loadSearchIndex(json<SearchIndex>(files, SEARCH_INDEX_PATH));
  const rank = (query: string) =>
    applyBrowse(catalog.templates, parseState(new URLSearchParams({ q: query })), search(index, query)?.hits).map(
      (row) => catalog.templates[row]?.template_id ?? "",
    );
  return { catalog, rank };
}

/** How many expected templates are in their query's top 3, of how many expected. */
export function relevanceHits(rank: (query: string) => string[]): { found: number; expected: number; missed: string[] } {
  let found = 0;
  let expected = 0;
  const missed: string[] = [];
  for (const { query, top3 } of RELEVANCE) {
    const top = rank(query).slice(0, 3);
    for (const id of top3) {
      expected++;
      if (top.includes(id)) found++;
      else missed.push(`${query} → ${id}`);
    }
  }
  return { found, expected, missed };
}
