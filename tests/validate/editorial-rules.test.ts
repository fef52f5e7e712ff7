import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { firstDifference } from "../../core/validate/rules/editorial-rules.js";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";
import { TempRepo } from "../helpers/git-repo.js";

const FEATURED = "registry/featured.json";
const CATEGORIES = "registry/categories.json";
const MAINTAINERS = "registry/maintainers.json";

/** The corpus registry on main, with a maintainers list and both templates featured. */
function repoWithMaintainers(): TempRepo {
  const repo = new TempRepo();
  repo.write(MAINTAINERS, `${JSON.stringify({ maintainers: ["ed-itor", "chief-curator"] }, null, 2)}\n`);
  writeFeatured(repo, [
    { template_id: "example-workstation", reason: "A complete example." },
    { template_id: "parent-stack", reason: "A parent." },
  ]);
  repo.commit("maintainers and featured");
  return repo;
}

function writeFeatured(repo: TempRepo, featured: { template_id: string; reason: string }[]): void {
  repo.write(FEATURED, `${JSON.stringify({ featured }, null, 2)}\n`);
}

async function check(repo: TempRepo, actor?: string) {
  const result = await validateRegistryDir(join(repo.dir, "registry"), { base: "main", ...(actor ? { actor } : {}) });
  return result.diagnostics;
}

const summary = (d: { file: string; line: number; column: number; code: string; pointer: string }) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.pointer}`;

describe("CWS407: editorial files change only by maintainers (real repositories)", () => {
  it("refuses a non-maintainer's edit of featured.json, pointing at the changed value", async () => {
    const repo = repoWithMaintainers();
    writeFeatured(repo, [
      { template_id: "example-workstation", reason: "The best template in the marketplace, trust me." },
      { template_id: "parent-stack", reason: "A parent." },
    ]);
    const [problem, ...rest] = await check(repo, "corpus-lab");
    expect(rest).toEqual([]);
    expect(problem && summary(problem)).toBe(`${FEATURED}:5:17 CWS407 /featured/0/reason`);
    expect(problem).toMatchObject({
      severity: "error",
      message: "corpus-lab is not a registry maintainer, so may not change registry/featured.json",
      hint: "ask a maintainer (ed-itor, chief-curator, listed in registry/maintainers.json on main) to make or approve this change",
    });
    // The same edit by a maintainer (any case, as GitHub logins are) passes.
    expect(await check(repo, "Ed-Itor")).toEqual([]);
  });

  it("refuses a non-maintainer's edit of categories.json", async () => {
    const repo = repoWithMaintainers();
    repo.write(CATEGORIES, repo.read(CATEGORIES).replace('"Notebooks and statistics."', '"Sponsored: the best notebooks."'));
    expect((await check(repo, "corpus-lab")).map(summary)).toEqual([`${CATEGORIES}:5:68 CWS407 /categories/2/description`]);
    expect(await check(repo, "chief-curator")).toEqual([]);
  });

  it("judges by the base's maintainers: adding yourself to maintainers.json does not let you in", async () => {
    const repo = repoWithMaintainers();
    repo.write(MAINTAINERS, `${JSON.stringify({ maintainers: ["ed-itor", "chief-curator", "corpus-lab"] }, null, 2)}\n`);
    writeFeatured(repo, [{ template_id: "example-workstation", reason: "Only mine." }]);
    expect((await check(repo, "corpus-lab")).map(summary)).toEqual([`${FEATURED}:5:17 CWS407 /featured/0/reason`, `${MAINTAINERS}:5:5 CWS407 /maintainers/2`]);
  });

  it("lets an owner take only their own template out of featured.json (what unpublish does)", async () => {
    const repo = repoWithMaintainers();
    writeFeatured(repo, [{ template_id: "parent-stack", reason: "A parent." }]);
    expect(await check(repo, "corpus-lab")).toEqual([]); // owner of example-workstation
    expect((await check(repo, "parent-lab")).map(summary)).toEqual([`${FEATURED}:4:22 CWS407 /featured/0/template_id`]);
    // Removing your own entry while editing another's is still an editorial change.
    writeFeatured(repo, [{ template_id: "parent-stack", reason: "Better than example-workstation." }]);
    expect((await check(repo, "corpus-lab")).map((d) => d.code)).toEqual(["CWS407"]);
  });

  it("refuses deleting an editorial file, and any editorial change when the base lists no maintainers", async () => {
    const repo = repoWithMaintainers();
    rmSync(join(repo.dir, MAINTAINERS));
    const [deleted] = await check(repo, "corpus-lab");
    expect(deleted && summary(deleted)).toBe(`${MAINTAINERS}:1:1 CWS407 `);
    expect(deleted?.message).toBe("corpus-lab is not a registry maintainer, so may not delete registry/maintainers.json");

    const bare = new TempRepo(); // no maintainers.json on main
    writeFeatured(bare, [{ template_id: "parent-stack", reason: "A parent." }]);
    const [problem] = await check(bare, "corpus-lab");
    expect(problem?.code).toBe("CWS407");
    expect(problem?.hint).toBe("registry/maintainers.json on main lists no maintainers; the repository's administrators must add it first");
  });

  it("checks the maintainers list against its schema", async () => {
    const repo = repoWithMaintainers();
    repo.write(MAINTAINERS, `${JSON.stringify({ maintainers: ["Not A Handle"] }, null, 2)}\n`);
    const codes = (await check(repo, "ed-itor")).map((d) => `${d.file} ${d.code}`);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.startsWith(`${MAINTAINERS} CWS1`))).toBe(true);
  });
});

describe("firstDifference", () => {
  it("finds the first differing pointer, ignoring key order", () => {
    expect(firstDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined();
    expect(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).toBe("/b/1");
    expect(firstDifference({ a: [1] }, { a: [1, 2] })).toBe("/a/1");
    expect(firstDifference({ "x/y": 1 }, {})).toBe("/x~1y");
    expect(firstDifference({}, { toString: 1 })).toBe("/toString");
    expect(firstDifference(1, "1")).toBe("");
  });
});
