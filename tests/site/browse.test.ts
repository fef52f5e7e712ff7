import { beforeAll, describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { loadSearchIndex } from "../../core/search/load-packed-index.js";
import { search as runQuery, searchRows } from "../../core/search/query.js";
import { applyBrowse, emptyState, facetCounts, parseState, passes, serializeState } from "../../core/site/browse.js";
import type { Catalog, SearchIndex, TemplateSummary } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";

let catalog: Catalog;
let rows: TemplateSummary[];
let index: ReturnType<typeof loadSearchIndex>;

beforeAll(() => {
  const { files } = buildTree(seededInput());
  catalog = json<Catalog>(files, "indexes/catalog.json");
  rows = catalog.templates;
  index = loadSearchIndex(json<SearchIndex>(files, "indexes/search-index.json"));
});

const ids = (order: number[]) => order.map((row) => rows[row]?.template_id);
const search = (query: string) => {
  const state = parseState(new URLSearchParams({ q: query }));
  return ids(applyBrowse(rows, state, runQuery(index, query)?.hits));
};

describe("search over the catalog's Lunr index", () => {
  it("ranks the template named by the query first", () => {
    expect(search("genomics")[0]).toBe("genomics-pipeline-v3");
    expect(search("gromacs")[0]).toBe("gromacs-graviton");
    expect(search("pytorch gpu")[0]).toBe("pytorch-gpu-workstation");
  });

  it("matches prefixes, typos and either form of a kebab-case tag", () => {
    expect(search("tidyvers")[0]).toBe("rstudio-server-tidyverse");
    expect(search("rstduio")[0]).toBe("rstudio-server-tidyverse");
    expect(search("single-cell")).toEqual(search("single cell"));
    expect(search("single cell")[0]).toBe("single-cell-analysis");
  });

  it("requires every word, and treats query syntax as text", () => {
    expect(search("pytorch gpu")).not.toContain("jupyter-data-science");
    expect(searchRows(index, "c++ ~2 title:x")?.size).toBe(0); // no throw, and no template has every word
    expect(searchRows(index, "   ")).toBeUndefined();
    expect(searchRows(index, "the")).toBeUndefined();
  });
});

describe("browse state", () => {
  it("round-trips through the URL query, canonically", () => {
    const state = parseState("q=gatk&tags=ngs&category=bioinformatics&tags=gatk&rating=4&sort=newest&junk=1");
    expect(state).toMatchObject({ q: "gatk", minRating: 4, sort: "newest" });
    expect(state.filters.tags).toEqual(["gatk", "ngs"]);
    expect(serializeState(state)).toBe("?q=gatk&category=bioinformatics&tags=gatk&tags=ngs&rating=4&sort=newest");
    expect(parseState(serializeState(state))).toEqual(state);
    expect(serializeState(emptyState())).toBe("");
    expect(parseState("rating=7&sort=evil")).toEqual(emptyState());
    expect(parseState("architecture=arm64,x86_64").filters.architecture).toEqual(["arm64", "x86_64"]);
  });

  it("filters: any value within a facet, every facet together", () => {
    const arm = ids(applyBrowse(rows, parseState("architecture=arm64")));
    expect(arm).toContain("gromacs-graviton");
    expect(arm).not.toContain("pytorch-gpu-workstation");
    const both = ids(applyBrowse(rows, parseState("architecture=arm64&category=bioinformatics&category=computational-chemistry")));
    expect(both.sort()).toEqual(
      rows
        .filter((s) => s.architecture.includes("arm64") && ["bioinformatics", "computational-chemistry"].includes(s.category))
        .map((s) => s.template_id)
        .sort(),
    );
  });

  it("hides archived templates unless the status filter asks for them", () => {
    const archived = { ...(rows[0] as TemplateSummary), maintenance_status: "archived" as const };
    expect(passes(archived, emptyState())).toBe(false);
    expect(passes(archived, parseState("status=archived"))).toBe(true);
  });

  it("counts each facet over the results of the other filters", () => {
    const state = parseState("architecture=arm64");
    const counts = facetCounts(rows, state);
    // The architecture facet ignores its own filter, so x86_64 still shows how many it would add.
    expect(counts.facets.architecture.get("x86_64")).toBe(rows.filter((s) => s.architecture.includes("x86_64")).length);
    expect(counts.facets.category.get("bioinformatics")).toBe(rows.filter((s) => s.category === "bioinformatics" && s.architecture.includes("arm64")).length);
  });

  it("sorts by name", () => {
    const byName = ids(applyBrowse(rows, parseState("sort=name"))).map((id) => rows.find((s) => s.template_id === id)?.name ?? "");
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, "en")));
  });
});
