import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSearchIndex } from "../../core/search/load-packed-index.js";
import { search } from "../../core/search/query.js";
import { applyBrowse, parseState } from "../../core/site/browse.js";
import { CATALOG_PATH, SEARCH_INDEX_PATH } from "../../core/spec/layout.js";
import type { Catalog, SearchIndex } from "../../core/types/generated.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

/**
 * The CLI (subprocess, over verified HTTP) and the catalog site (core/site/browse.ts, what the
 * browse page runs) must order one query, or one sort, identically on the seeded registry:
 * both call core/spec/ranking.ts (docs/client-spec.md §3.2).
 */
let server: StaticServer;
let flags: string[];
let catalog: Catalog;
let index: ReturnType<typeof loadSearchIndex>;

beforeAll(async () => {
  const market = await builtMarketplace();
  server = await startStaticServer(market.out);
  flags = ["--registry-url", server.url, "--trusted-root", market.root, "--limit", "1000", "--json"];
  catalog = JSON.parse(readFileSync(join(market.out, CATALOG_PATH), "utf8")) as Catalog;
  index = loadSearchIndex(JSON.parse(readFileSync(join(market.out, SEARCH_INDEX_PATH), "utf8")) as SearchIndex);
});
afterAll(async () => {
  await server?.close();
});

const siteOrder = (query: string) =>
  applyBrowse(catalog.templates, parseState(query), search(index, parseState(query).q)?.hits).map((row) => catalog.templates[row]?.template_id);

describe("the CLI and the site rank alike", () => {
  it.each(["genomics", "gpu", "python data", "single cell", "r", "molecular dynamics", "neuro"])("search %j", async (query) => {
    const result = await cws(["marketplace", "search", ...query.split(" "), ...flags], userHome());
    const cli = result.status === 1 ? [] : (JSON.parse(result.stdout) as { results: { template_id: string }[] }).results.map((r) => r.template_id);
    const site = siteOrder(`q=${encodeURIComponent(query)}`);
    expect(cli).toEqual(site);
  });

  it("finds something for most queries, so the comparison is not of empty lists", async () => {
    expect(siteOrder("q=genomics").length).toBeGreaterThan(1);
    expect(siteOrder("q=gpu").length).toBeGreaterThan(1);
  });

  it.each([
    ["rating", "rating"],
    ["name", "name"],
    ["updated", "newest"],
  ])("list --sort %s and the site's sort=%s", async (cliSort, siteSort) => {
    const result = await cws(["marketplace", "list", "--sort", cliSort, ...flags], userHome());
    const cli = (JSON.parse(result.stdout) as { template_id: string }[]).map((r) => r.template_id);
    expect(cli).toEqual(siteOrder(`sort=${siteSort}`));
  });
});
