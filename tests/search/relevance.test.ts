import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../core/types/generated.js";
import { RELEVANCE, relevanceHits, seededRanker } from "./relevance-set.js";

let catalog: Catalog;
let rank: (query: string) => string[];

beforeAll(() => {
  ({ catalog, rank } = seededRanker());
});

describe("search relevance on the seeded registry", () => {
  it.each(RELEVANCE.map((r) => [r.query, r.top3] as const))("%j has %j in its top 3", (query, top3) => {
    expect(rank(query).slice(0, 3)).toEqual(expect.arrayContaining([...top3]));
  });

  it("counts every hit of the set (the bench's relevance row)", () => {
    const { found, expected, missed } = relevanceHits(rank);
    expect(missed).toEqual([]);
    expect(found).toBe(expected);
  });

  it("finds every template that lists an architecture by that architecture", () => {
    const arm = catalog.templates.filter((t) => t.architecture.includes("arm64") && t.maintenance_status !== "archived");
    expect(arm.length).toBeGreaterThan(5);
    expect(new Set(rank("arm64"))).toEqual(new Set(arm.map((t) => t.template_id)));
  });

  it("ranks templates that match every word before those that match some", () => {
    const relaxed = rank("genomics variant calling");
    expect(relaxed[0]).toBe("somatic-variant-calling");
    expect(rank("variant calling")[0]).toBe("somatic-variant-calling");
  });
});
