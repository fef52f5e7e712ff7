import { describe, expect, it } from "vitest";
import { compareSummaries, rankResults } from "../../core/spec/ranking.js";
import type { TemplateSummary } from "../../core/types/generated.js";

const hit = (template_id: string, score: number, rating_bayesian = 0, downloads = 0) => ({
  score,
  rank: { template_id, rating_bayesian, downloads, archived: false },
});

describe("the one ranking rule (core/spec/ranking.ts)", () => {
  it("ties scores equal to 3 decimals, then ranks by Bayesian rating, downloads and id", () => {
    const order = rankResults([hit("b", 1.2341, 4.1), hit("a", 1.2339, 3.9), hit("c", 2), hit("d", 1.234, 4.1, 10)]).map((h) => h.rank.template_id);
    expect(order).toEqual(["c", "d", "b", "a"]);
  });

  it("breaks every remaining tie by id in code-unit order, whatever the locale", () => {
    expect(rankResults([hit("ab", 1), hit("a-c", 1), hit("a-b", 1)]).map((h) => h.rank.template_id)).toEqual(["a-b", "a-c", "ab"]);
  });

  it("sorts by rating with reviews, then downloads, before the id", () => {
    const s = (template_id: string, reviews: number, downloads: number) => ({ template_id, rating_bayesian: 4.2, reviews, downloads }) as TemplateSummary;
    const list = [s("a", 1, 9), s("b", 3, 0), s("c", 1, 20), s("d", 1, 20)];
    expect(list.sort((x, y) => compareSummaries("rating", x, y)).map((x) => x.template_id)).toEqual(["b", "c", "d", "a"]);
  });
});
