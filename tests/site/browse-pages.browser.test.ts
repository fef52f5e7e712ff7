import { brotliCompressSync, constants as zlib } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSearchIndex } from "../../core/search/load-packed-index.js";
import { search } from "../../core/search/query.js";
import { applyBrowse, emptyState, PAGE_SIZE, parseState, passes } from "../../core/site/browse.js";
import { CATALOG_PATH, SEARCH_INDEX_PATH } from "../../core/spec/layout.js";
import { parseHasSpec } from "../../core/spec/software.js";
import { matchesSoftware } from "../../core/spec/software-filter.js";
import type { Catalog, SearchIndex } from "../../core/types/generated.js";
import { json } from "../helpers/build-input.js";
import { launchChromium } from "./helpers/browser.js";
import { corpusInput } from "./helpers/corpus-input.js";
import { buildWithSite } from "./helpers/fixture.js";
import { type StaticServer, serveTree } from "./helpers/serve.js";

// A bench-generated registry large enough for several pages of results; the 10,000-template
// figures (bytes and time to the first result) are the bench's site rows.
const SIZE = 240;
/** Issue 19's budget at 10,000 templates; what is fetched here must fit it with room for 40× the rows. */
const BUDGET = 300 * 1024;

let browser: Browser;
let server: StaticServer;
let catalog: Catalog;
let index: ReturnType<typeof loadSearchIndex>;
let term: string;
let sitemap: string;

beforeAll(async () => {
  browser = await launchChromium();
  const input = corpusInput(SIZE);
  term = input.commonTerm;
  const files = await buildWithSite(input);
  catalog = json<Catalog>(files, CATALOG_PATH);
  sitemap = new TextDecoder().decode(files.get("sitemap.xml"));
  index = loadSearchIndex(json<SearchIndex>(files, SEARCH_INDEX_PATH));
  server = await serveTree(files);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const brotli = (bytes: Uint8Array) => brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Ids the site should show for a query string, as core/site/browse.ts orders the catalog. */
function expected(query: string): string[] {
  const state = parseState(query);
  const hits = state.q ? search(index, state.q)?.hits : undefined;
  return applyBrowse(catalog.templates, state, hits).map((row) => catalog.templates[row]?.template_id ?? "");
}

/** Opens a page recording every response's path and brotli size as the CDN would send it. */
async function open(path: string, javaScriptEnabled = true): Promise<{ page: Page; fetched: { path: string; brotli: number }[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  const fetched: { path: string; brotli: number }[] = [];
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", async (response) => {
    const body = await response.body().catch(() => Buffer.alloc(0));
    fetched.push({ path: new URL(response.url()).pathname, brotli: brotli(body) });
  });
  await page.goto(`${server.url}${path}`);
  return { page, fetched, errors };
}

const shownIds = (page: Page) => page.locator("#results > li:not([hidden])").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-id") ?? ""));

describe("the browse page at registry scale", () => {
  it("renders one page of cards on the server, with page links that work without JavaScript", async () => {
    const { page } = await open("/templates/", false);
    const all = [...expected(""), ...catalog.templates.filter((s) => s.maintenance_status === "archived").map((s) => s.template_id)];
    expect(await shownIds(page)).toEqual(all.slice(0, PAGE_SIZE));
    await page.locator("#pagination a[rel=next]").click();
    await page.waitForURL(/\/templates\/p\/2\/$/);
    expect(await shownIds(page)).toEqual(all.slice(PAGE_SIZE, 2 * PAGE_SIZE));
    expect(await page.locator("#pagination a[aria-current=page]").textContent()).toBe("2");
    await page.context().close();
    // Every static page is in the sitemap, the card fragments are not.
    const pages = Math.ceil(all.length / PAGE_SIZE);
    for (let n = 2; n <= pages; n++) expect(sitemap).toContain(`/templates/p/${n}/</loc>`);
    expect(sitemap).not.toContain(`/templates/p/${pages + 1}/`);
    expect(sitemap).not.toContain("/browse/");
  });

  it("shows the first search results without the catalog or the whole index, within the byte budget", async () => {
    const query = `?q=${term}`;
    const { page, fetched, errors } = await open(`/templates/${query}`);
    await page.waitForSelector(`[data-browse][data-view="/templates/${query}"]`);
    const before = [...fetched];
    expect(errors).toEqual([]);
    expect(await shownIds(page)).toEqual(expected(query).slice(0, PAGE_SIZE));
    const paths = before.map((f) => f.path);
    expect(paths).not.toContain(`/${CATALOG_PATH}`);
    expect(paths).not.toContain(`/${SEARCH_INDEX_PATH}`);
    expect(paths.some((p) => /^\/browse\/postings-\d+\.json$/.test(p))).toBe(true);
    const bytes = before.reduce((n, f) => n + f.brotli, 0);
    // Fixed costs (page, CSS, script, card fragments) plus data that grows with the registry.
    expect(bytes).toBeLessThan(BUDGET);
    await page.context().close();
  });

  it("pages through search results in the page and in the URL", async () => {
    const query = `?q=${term}`;
    const ids = expected(query);
    expect(ids.length).toBeGreaterThan(PAGE_SIZE); // the corpus' most common word spans pages
    const { page } = await open(`/templates/${query}`);
    await page.waitForSelector(`[data-browse][data-view="/templates/${query}"]`);
    await page.locator("#pagination a[rel=next]").click();
    await page.waitForSelector(`[data-browse][data-view="/templates/${query}&page=2"]`);
    expect(new URL(page.url()).search).toBe(`${query}&page=2`);
    expect(await shownIds(page)).toEqual(ids.slice(PAGE_SIZE, 2 * PAGE_SIZE));
    await page.goBack();
    await page.waitForSelector(`[data-browse][data-view="/templates/${query}"]`);
    expect(await shownIds(page)).toEqual(ids.slice(0, PAGE_SIZE));
    await page.context().close();
  });

  it("filters by installed software with the CLI's matcher, and reports a bad spec", async () => {
    // A package some but not all templates have.
    const names = new Map<string, number>();
    for (const s of catalog.templates) for (const [, name = ""] of s.software?.packages ?? []) names.set(name, (names.get(name) ?? 0) + 1);
    const [name] = [...names].find(([, n]) => n > 3 && n < catalog.templates.length / 2) ?? [];
    expect(name).toBeDefined();
    const spec = parseHasSpec(name as string);
    if (!spec.ok) throw new Error(spec.message);
    const want = catalog.templates.filter((s) => passes(s, emptyState()) && matchesSoftware(s.software, [spec.spec]));
    expect(want.length).toBeGreaterThan(0);

    const { page } = await open("/templates/");
    await page.waitForSelector("[data-browse].is-enhanced");
    await page.fill("#software-spec", "samtools>>1");
    await page.press("#software-spec", "Enter");
    await expect.poll(() => page.locator("#software-error").isVisible()).toBe(true);
    expect(await page.locator("#software-error").textContent()).toContain("samtools>>1");

    await page.fill("#software-spec", name as string);
    await page.press("#software-spec", "Enter");
    const view = `/templates/?has=${encodeURIComponent(name as string)}`;
    await page.waitForSelector(`[data-browse][data-view="${view}"]`);
    expect(await page.locator("#result-count").textContent()).toMatch(new RegExp(`^${want.length} template`));
    expect(await shownIds(page)).toEqual(expected(`?has=${encodeURIComponent(name as string)}`).slice(0, PAGE_SIZE));
    const wanted = new Set(want.map((s) => s.template_id));
    expect((await shownIds(page)).every((id) => wanted.has(id))).toBe(true);
    expect(await page.locator("#software-error").isVisible()).toBe(false);

    // The filter is in the URL, so a shared link opens the same view.
    const shared = await open(view);
    await shared.page.waitForSelector(`[data-browse][data-view="${view}"]`);
    expect(await shownIds(shared.page)).toEqual(await shownIds(page));
    await shared.page.context().close();
    await page.context().close();
  });
});
