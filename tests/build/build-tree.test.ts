import { describe, expect, it } from "vitest";
import { buildTree, sha256 } from "../../core/build/build-tree.js";
import { loadPackedIndex } from "../../core/search/load-packed-index.js";
import { zeroStats } from "../../core/spec/ratings.js";
import type { Catalog, FeaturedIndex, PublishedTemplate, SearchIndex, TrendingIndex } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";

const GENOMICS = "genomics-pipeline-v3";

describe("buildTree", () => {
  it("is byte-for-byte deterministic", () => {
    const a = buildTree(seededInput()).files;
    const b = buildTree(seededInput()).files;
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, bytes] of a) expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b.get(path) ?? new Uint8Array())), path).toBe(0);
  });

  it("writes the layout of the client spec for every public template", () => {
    const input = seededInput();
    const { files, templates } = buildTree(input);
    const publicIds = input.templates.filter((t) => t.publication.visibility === "public").map((t) => t.template_id);
    expect(templates).toBe(publicIds.length);
    for (const id of publicIds) {
      for (const file of ["metadata.json", "documentation.md", "validation-tests/tests.json"])
        expect(files.has(`templates/${id}/${file}`), `${id}/${file}`).toBe(true);
      // API paths are the live API's (client spec §5); the signed reviews page is a template file.
      expect([...files.keys()].some((path) => path.startsWith("api/"))).toBe(false);
      expect(files.has(`templates/${id}/reviews.json`)).toBe(true);
    }
    const hidden = input.templates.filter((t) => t.publication.visibility !== "public").map((t) => t.template_id);
    expect(hidden.length).toBeGreaterThan(0);
    for (const id of hidden) expect([...files.keys()].some((p) => p.includes(`/${id}/`))).toBe(false);
    expect(buildTree(input, { includeNonPublic: true }).templates).toBe(input.templates.length);
    for (const index of ["catalog", "search-index", "categories", "featured", "trending"]) expect(files.has(`indexes/${index}.json`)).toBe(true);
  });

  it("computes stats, ratings and AMI availability from the stores", () => {
    const stats = new Map([
      [
        GENOMICS,
        {
          ...zeroStats(),
          rating_count: 4,
          rating_sum: 18,
          reviews: 4,
          downloads: 120,
          launches: 50,
          launch_successes: 45,
          launch_failures: 5,
          trending_7d: 9,
          trending_30d: 30,
          rating_histogram: { "1": 0, "2": 0, "3": 0, "4": 2, "5": 2 },
        },
      ],
      ["jupyter-data-science", { ...zeroStats(), rating_count: 1, rating_sum: 5, reviews: 1, trending_7d: 3, trending_30d: 40 }],
      ["pytorch-gpu-workstation", { ...zeroStats(), rating_count: 200, rating_sum: 920, reviews: 200 }],
    ]);
    const ami = { image_id: "ami-0123456789abcdef0", owner_id: "123456789012", created_at: "2026-10-01T00:00:00Z" };
    const amiState = {
      version: 1 as const,
      templates: {
        [GENOMICS]: {
          template_version: "3.2.2",
          regions: { "us-east-1": { x86_64: ami, arm64: { ...ami, state: "failed" as const } }, "ap-south-1": { x86_64: ami } },
        },
        "jupyter-data-science": { template_version: "0.0.1", regions: { "us-east-1": { x86_64: ami } } },
      },
    };
    const { files } = buildTree(seededInput({ stats, amiState }));
    const record = json<PublishedTemplate & { rating_bayesian: number }>(files, `templates/${GENOMICS}/metadata.json`);
    expect(record).toMatchObject({ rating: 4.5, reviews: 4, downloads: 120, launches: 50, success_rate: 0.9, trending: 9 });
    // Only regions the template lists, only AMIs not marked failed.
    expect(record.amis).toEqual({ "us-east-1": { x86_64: ami } });
    expect(record.ami_available).toBe(true);
    // AMIs built from an older version do not count.
    expect(json<PublishedTemplate>(files, "templates/jupyter-data-science/metadata.json").ami_available).toBe(false);
    // One 5-star review ranks below two hundred 4.6-star ones.
    const summaries = json<Catalog>(files, "indexes/catalog.json").templates;
    const jupyter = summaries.find((t) => t.template_id === "jupyter-data-science");
    const pytorch = summaries.find((t) => t.template_id === "pytorch-gpu-workstation");
    expect(jupyter?.rating).toBe(5);
    expect(pytorch?.rating).toBe(4.6);
    expect(jupyter?.rating_bayesian).toBeLessThan(pytorch?.rating_bayesian ?? 0);
    expect(summaries.find((t) => t.template_id === "astronomy-astropy")?.rating_bayesian).toBe(0);
    const trending = json<TrendingIndex>(files, "indexes/trending.json");
    expect(trending.windows["7d"].map((e) => e.template_id)).toEqual([GENOMICS, "jupyter-data-science"]);
    expect(trending.windows["30d"].map((e) => e.template_id)).toEqual(["jupyter-data-science", GENOMICS]);
  });

  it("gives zero stats and empty trending without a stats store", () => {
    const { files } = buildTree(seededInput());
    const record = json<PublishedTemplate>(files, `templates/${GENOMICS}/metadata.json`);
    expect(record).toMatchObject({ rating: 0, reviews: 0, downloads: 0, launches: 0, success_rate: 0, trending: 0, ami_available: false, amis: {} });
    expect(json<TrendingIndex>(files, "indexes/trending.json").windows).toEqual({ "7d": [], "30d": [] });
  });

  it("leaves trending.json byte for byte unchanged by a later release the same day, unless the rankings move", () => {
    const stats = new Map([[GENOMICS, { ...zeroStats(), trending_7d: 4, trending_30d: 9 }]]);
    const trending = (generatedAt: string, s = stats) => buildTree(seededInput({ stats: s, generatedAt })).files.get("indexes/trending.json");
    const morning = trending("2026-11-01T08:15:00Z");
    expect(Buffer.from(trending("2026-11-01T17:40:12Z") ?? []).equals(Buffer.from(morning ?? []))).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(morning)).generated_at).toBe("2026-11-01T00:00:00Z");
    // A new day, or new rankings, is a new file.
    expect(Buffer.from(trending("2026-11-02T08:15:00Z") ?? []).equals(Buffer.from(morning ?? []))).toBe(false);
    const moved = new Map([[GENOMICS, { ...zeroStats(), trending_7d: 5, trending_30d: 9 }]]);
    expect(Buffer.from(trending("2026-11-01T17:40:12Z", moved) ?? []).equals(Buffer.from(morning ?? []))).toBe(false);
  });

  it("records fork children, featured flags and drops expired or deprecated featured entries", () => {
    const input = seededInput();
    const featured = {
      featured: [
        { template_id: GENOMICS, until: "2026-10-31" },
        { template_id: "fsl5-freesurfer6-legacy" },
        { template_id: "jupyter-data-science", reason: "Quick start." },
      ],
    };
    const { files } = buildTree({ ...input, featured });
    const fork = input.templates.find((t) => t.forked_from)?.forked_from?.template_id ?? "";
    expect(json<PublishedTemplate>(files, `templates/${fork}/metadata.json`).forks.length).toBeGreaterThan(0);
    expect(json<FeaturedIndex>(files, "indexes/featured.json").featured.map((f) => f.template_id)).toEqual(["jupyter-data-science"]);
    expect(json<PublishedTemplate>(files, `templates/${GENOMICS}/metadata.json`).featured).toBe(false);
  });

  it("counts facets over all templates and pairs the search index with its catalog", () => {
    const { files } = buildTree(seededInput());
    const catalog = json<Catalog>(files, "indexes/catalog.json");
    const byCategory = Object.values(catalog.facets.category).reduce<number>((a, b) => a + (b ?? 0), 0);
    expect(byCategory).toBe(catalog.templates.length);
    expect(catalog.facets.architecture.arm64).toBe(catalog.templates.filter((t) => t.architecture.includes("arm64")).length);
    const search = json<SearchIndex>(files, "indexes/search-index.json");
    expect(search.catalog_sha256).toBe(sha256(files.get("indexes/catalog.json") ?? new Uint8Array()));
    const index = loadPackedIndex(search);
    const rows = (q: string) => index.search(q).map((r) => catalog.templates[Number(r.ref)]?.template_id);
    expect(rows("genomics")[0]).toBe(GENOMICS);
    expect(rows("gatk")).toContain(GENOMICS);
    // Kebab-case tags are found by their words too.
    expect(rows("single cell")).toContain("single-cell-analysis");
    // A name match outranks a description-only match.
    expect(rows("astronomy")[0]).toBe("astronomy-astropy");
  });
});
