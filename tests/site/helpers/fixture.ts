import { buildTree } from "../../../core/build/build-tree.js";
import type { BuildInput, VersionSource } from "../../../core/build/inputs.js";
import { renderSite } from "../../../core/site/render-site.js";
import { type TemplateStats, zeroStats } from "../../../core/spec/ratings.js";
import type { AmiState, Review, Template } from "../../../core/types/generated.js";
import { seededInput } from "../../helpers/build-input.js";

/** Community numbers for a few templates, so ratings, trending and histograms have something to show. */
function stats(): Map<string, TemplateStats> {
  const s = (rating: [number, number, number, number, number], downloads: number, launches: number, trending7: number, trending30: number): TemplateStats => {
    const [one, two, three, four, five] = rating;
    const count = one + two + three + four + five;
    return {
      ...zeroStats(),
      rating_count: count,
      rating_sum: one + 2 * two + 3 * three + 4 * four + 5 * five,
      rating_histogram: { "1": one, "2": two, "3": three, "4": four, "5": five },
      reviews: count,
      downloads,
      launches,
      launch_successes: Math.round(launches * 0.96),
      launch_failures: launches - Math.round(launches * 0.96),
      trending_7d: trending7,
      trending_30d: trending30,
    };
  };
  return new Map([
    ["genomics-pipeline-v3", s([1, 0, 2, 9, 30], 1840, 1210, 64, 240)],
    ["jupyter-data-science", s([0, 1, 3, 20, 41], 5210, 3920, 150, 610)],
    ["pytorch-gpu-workstation", s([2, 1, 4, 18, 25], 2300, 1500, 90, 300)],
    ["single-cell-analysis", s([0, 0, 1, 6, 12], 640, 410, 22, 95)],
    ["neuroimaging-fmriprep", s([0, 1, 2, 5, 8], 380, 260, 12, 40)],
    ["rstudio-server-tidyverse", s([0, 0, 3, 11, 14], 900, 700, 30, 120)],
    ["fsl5-freesurfer6-legacy", s([3, 4, 5, 2, 1], 120, 40, 0, 2)],
  ]);
}

function reviews(): Map<string, Review[]> {
  const review = (n: number, rating: number, title: string, content: string, extra: Partial<Review> = {}): Review => ({
    review_id: `rev_01J9Z${String(n).padStart(4, "0")}`,
    template_id: "genomics-pipeline-v3",
    template_version: "3.2.2",
    reviewer: ["mkhan-lab", "jsmith-bio", "apatel"][n % 3] ?? "anon",
    rating,
    title,
    content,
    verified_usage: n % 2 === 0,
    helpful_votes: n * 3,
    created_at: `2026-10-${String(10 + n).padStart(2, "0")}T12:00:00Z`,
    ...extra,
  });
  return new Map([
    [
      "genomics-pipeline-v3",
      [
        review(1, 5, "Saved us a week of setup", "GATK and BWA worked out of the box on **r7g**. See [our notes](https://example.org/notes).", {
          use_case: "whole-genome-sequencing",
        }),
        review(2, 4, "Solid, but big", "The reference staging takes ~10 minutes for GRCh38."),
        review(3, 5, "Great on Graviton", "Half the cost of our old x86 runs."),
      ],
    ],
  ]);
}

/** AMIs for genomics-pipeline-v3 at its current version: both architectures in two regions, x86 only in the third. */
export function amiState(): AmiState {
  const ami = (id: string) => ({ image_id: id, owner_id: "123456789012", created_at: "2026-09-15T08:30:00Z" });
  return {
    version: 1,
    templates: {
      "genomics-pipeline-v3": {
        template_version: "3.2.2",
        regions: {
          "us-east-1": { x86_64: ami("ami-0a1b2c3d4e5f60001"), arm64: ami("ami-0a1b2c3d4e5f60002") },
          "us-west-2": { x86_64: ami("ami-0a1b2c3d4e5f60003"), arm64: ami("ami-0a1b2c3d4e5f60004") },
          "eu-west-1": { x86_64: ami("ami-0a1b2c3d4e5f60005") },
        },
      },
    },
  };
}

/**
 * Two earlier versions of genomics-pipeline-v3 as git would hold them: 3.2.1 (the current
 * template less the 3.2.2 entry) and 3.1.0 (before Nextflow and Snakemake, R 4.3, older pins,
 * with a DOI), so the site has a version timeline, diff pages and a cited DOI to show.
 */
export const PAST_DOI = "10.5281/zenodo.1410001";
export function versionSources(templates: readonly Template[]): Map<string, VersionSource[]> {
  const current = templates.find((t) => t.template_id === "genomics-pipeline-v3");
  if (!current) throw new Error("the seeded registry lacks genomics-pipeline-v3");
  const at = (version: string, edit: (t: Template) => void): VersionSource => {
    const t = structuredClone(current);
    t.version = version;
    t.changelog = (t.changelog ?? []).filter((c) => c.version.localeCompare(version, "en", { numeric: true }) <= 0);
    edit(t);
    return { version, commit: "", template: t };
  };
  const v321 = at("3.2.1", () => undefined);
  const v310 = at("3.1.0", (t) => {
    const conda = t.environment.packages?.conda ?? [];
    const older: Record<string, string> = { "samtools>=1.21": "samtools>=1.19", "bcftools>=1.21": "bcftools>=1.19", "r-base=4.4": "r-base=4.3" };
    t.environment.packages = {
      ...t.environment.packages,
      conda: conda.filter((c) => !/^(nextflow|snakemake-minimal)\b/.test(c)).map((c) => older[c] ?? c),
      pip: ["pysam>=0.22"],
    };
    const entry = t.changelog?.find((c) => c.version === "3.1.0");
    if (entry) entry.doi = PAST_DOI;
  });
  return new Map([["genomics-pipeline-v3", [v321, v310]]]);
}

/** The seeded registry with stats, reviews, AMIs and past versions: what a live marketplace looks like. */
export function richInput(overrides: Partial<BuildInput> = {}): BuildInput {
  const base = seededInput();
  return seededInput({ stats: stats(), reviews: reviews(), amiState: amiState(), versionSources: versionSources(base.templates), ...overrides });
}

/** Data targets plus the rendered site, as `npm run build` will publish them. */
export async function buildWithSite(input: BuildInput, siteUrl?: string): Promise<Map<string, Uint8Array>> {
  const { files } = buildTree(input);
  const site = await renderSite(files, siteUrl ? { siteUrl } : {});
  return new Map([...files, ...site]);
}
