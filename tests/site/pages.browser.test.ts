import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_BASE } from "../../core/spec/layout.js";
import type { Catalog } from "../../core/types/generated.js";
import { json } from "../helpers/build-input.js";
import { launchChromium } from "./helpers/browser.js";
import { buildWithSite, richInput } from "./helpers/fixture.js";
import { type StaticServer, serveTree } from "./helpers/serve.js";

let browser: Browser;
let server: StaticServer;
let catalog: Catalog;

beforeAll(async () => {
  // The browser first: when it is missing, fail at once with the fix instead of after a build.
  browser = await launchChromium();
  const files = await buildWithSite(richInput());
  catalog = json<Catalog>(files, "indexes/catalog.json");
  server = await serveTree(files);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page in a fresh desktop context that records script errors, failed requests and CSP reports. */
async function open(path: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  // This server has the static tree only: the template page's request for live reviews is
  // expected to fail (the page keeps the build's figures; live-reviews.browser.test.ts covers the API).
  let apiMisses = 0;
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (apiMisses > 0 && message.text().startsWith("Failed to load resource")) apiMisses -= 1;
    else problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() < 400) return;
    if (new URL(response.url()).pathname.startsWith(`${API_BASE}/`)) apiMisses += 1;
    else problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(`${server.url}${path}`);
  return { page, context, problems };
}

const visibleIds = (page: Page) => page.$$eval("#results > li:not([hidden])", (items) => items.map((li) => li.getAttribute("data-id")));
const enhanced = (page: Page) => page.waitForSelector("[data-browse].is-enhanced");

describe("browse", () => {
  it("search from the home page lands on browse with the expected template first", async () => {
    const { page, context, problems } = await open("/");
    await page.getByRole("searchbox", { name: "Search templates" }).fill("genomics");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/templates\/\?q=genomics$/);
    await enhanced(page);
    const ids = await visibleIds(page);
    expect(ids[0]).toBe("genomics-pipeline-v3");
    expect(ids.length).toBeLessThan(catalog.templates.length);
    await expect.poll(() => page.textContent("#result-count")).toContain(`${ids.length} template`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("typing in the browse search re-ranks as you type and records the query in the URL", async () => {
    const { page, context, problems } = await open("/templates/");
    await enhanced(page);
    await page.locator("#browse-q").pressSequentially("gromac", { delay: 20 });
    await expect.poll(() => page.url()).toMatch(/\?q=gromac$/);
    expect((await visibleIds(page))[0]).toBe("gromacs-graviton");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a facet filter narrows the results, updates counts and the URL, and survives a reload", async () => {
    const { page, context, problems } = await open("/templates/");
    await enhanced(page);
    expect(await visibleIds(page)).toHaveLength(catalog.templates.length);
    const arm = catalog.templates.filter((t) => t.architecture.includes("arm64")).map((t) => t.template_id);

    await page.getByRole("checkbox", { name: /arm64 \(Graviton\)/ }).check();
    await expect.poll(() => page.url()).toMatch(/\?architecture=arm64$/);
    const shown = await visibleIds(page);
    expect(shown.sort()).toEqual([...arm].sort());
    await expect.poll(() => page.textContent("#result-count")).toBe(`${arm.length} templates`);

    // Counts in other facets now describe the arm64 results only.
    const bio = catalog.templates.filter((t) => t.category === "bioinformatics" && t.architecture.includes("arm64")).length;
    expect(await page.textContent('[data-count="category:bioinformatics"]')).toBe(String(bio));

    await page.reload();
    await enhanced(page);
    expect(await page.getByRole("checkbox", { name: /arm64 \(Graviton\)/ }).isChecked()).toBe(true);
    expect((await visibleIds(page)).sort()).toEqual([...arm].sort());

    await page.getByRole("button", { name: "Clear all" }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/templates/`);
    expect(await visibleIds(page)).toHaveLength(catalog.templates.length);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("sorting by name reorders the list and is shareable", async () => {
    const { page, context } = await open("/templates/?sort=name&category=bioinformatics");
    await enhanced(page);
    const names = await page.$$eval("#results > li:not([hidden]) h3", (hs) => hs.map((h) => h.textContent?.trim() ?? ""));
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    expect(await page.locator("#sort").inputValue()).toBe("name");
    await context.close();
  });

  it("without JavaScript, browse is a plain list of every template", async () => {
    const { page, context } = await open("/templates/", { javaScriptEnabled: false });
    const links = await page.$$eval("#results > li:not([hidden]) h3 a", (as) => as.map((a) => a.getAttribute("href")));
    expect(links.sort()).toEqual(catalog.templates.map((t) => `/templates/${t.template_id}/`).sort());
    expect(await page.isVisible("#filters")).toBe(false);
    // Playwright's text engine skips <noscript>, so measure the note directly.
    const note = await page.$eval(".noscript-note", (el) => ({ text: el.textContent, height: el.getBoundingClientRect().height }));
    expect(note.text).toContain("Search and filters need JavaScript");
    expect(note.height).toBeGreaterThan(0);
    await context.close();
  });
});

describe("template page", () => {
  it("shows the AMI table by region and architecture", async () => {
    const { page, context, problems } = await open("/templates/genomics-pipeline-v3/");
    const table = page.locator("#ami-table");
    await expect.poll(() => table.isVisible()).toBe(true);
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.replace(/\s+/g, " ").trim())));
    expect(rows).toEqual([
      ["eu-west-1", "Not built; installs at launch", "ami-0a1b2c3d4e5f60005 built 15 Sep 2026"],
      ["us-east-1", "ami-0a1b2c3d4e5f60002 built 15 Sep 2026", "ami-0a1b2c3d4e5f60001 built 15 Sep 2026"],
      ["us-west-2", "ami-0a1b2c3d4e5f60004 built 15 Sep 2026", "ami-0a1b2c3d4e5f60003 built 15 Sep 2026"],
    ]);
    expect(await table.locator("thead").textContent()).toMatch(/Region.*arm64.*x86_64/);
    expect(await table.locator("caption").textContent()).toContain("123456789012");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows a launch command that follows the instance name and copies it", async () => {
    const { page, context } = await open("/templates/genomics-pipeline-v3/");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const command = page.locator("#launch-command");
    expect(await command.textContent()).toBe("cws launch marketplace:genomics-pipeline-v3 genomics-pipeline-1");
    await page.getByLabel("Instance name").fill("trio-wgs");
    await expect.poll(() => command.textContent()).toBe("cws launch marketplace:genomics-pipeline-v3 trio-wgs");
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await expect.poll(() => page.evaluate<string>("navigator.clipboard.readText()")).toBe("cws launch marketplace:genomics-pipeline-v3 trio-wgs");
    await context.close();
  });

  it("shows documentation, publication details, reviews, history and lineage", async () => {
    const { page, context, problems } = await open("/templates/genomics-pipeline-v3/");
    expect(await page.locator("#documentation h3").first().textContent()).toBe("What's installed");
    expect(await page.getByRole("link", { name: "doi:10.1038/s41586-024-07487-w" }).getAttribute("href")).toBe("https://doi.org/10.1038/s41586-024-07487-w");
    expect(await page.locator("#publication-title + dl").textContent()).toContain("NIH Grant R01-HG012345");
    expect(await page.locator(".review").count()).toBe(3);
    expect(await page.locator(".review a[href^='https://example.org']").getAttribute("rel")).toBe("nofollow ugc noopener");
    expect(await page.locator(".timeline > li").count()).toBeGreaterThanOrEqual(3);
    expect(
      await page
        .locator("#lineage")
        .getByRole("link", { name: /Somatic Variant Calling/ })
        .getAttribute("href"),
    ).toBe("/templates/somatic-variant-calling/");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("marks a deprecated template and links its replacement; a fork links its parent", async () => {
    const { page, context } = await open("/templates/fsl5-freesurfer6-legacy/");
    const notice = page.locator("#maintenance");
    expect(await notice.textContent()).toContain("Deprecated");
    expect(await notice.getByRole("link").getAttribute("href")).toBe("/templates/neuroimaging-fmriprep/");
    await page.goto(`${server.url}/templates/somatic-variant-calling/`);
    expect(
      await page
        .locator("#lineage")
        .getByRole("link", { name: /Advanced Genomics/ })
        .getAttribute("href"),
    ).toBe("/templates/genomics-pipeline-v3/");
    await context.close();
  });
});

describe("template page: citation and versions", () => {
  const visibleFormats = (page: Page) => page.$$eval(".cite-format:not([hidden])", (els) => els.map((e) => e.getAttribute("data-format")));

  it("picks a citation format, copies it with the copy button and confirms it visibly", async () => {
    const { page, context, problems } = await open("/templates/genomics-pipeline-v3/");
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const format = page.getByLabel("Format");
    await expect.poll(() => format.isVisible()).toBe(true);
    expect(await visibleFormats(page)).toEqual(["bibtex"]);
    await format.selectOption("cff");
    expect(await visibleFormats(page)).toEqual(["cff"]);
    expect(await page.locator("#cite-command").textContent()).toBe("cws marketplace cite genomics-pipeline-v3@3.2.2 --format cff");
    await page.getByRole("button", { name: "Copy citation" }).click();
    const status = page.getByRole("status").filter({ hasText: "Copied" });
    await expect.poll(() => status.textContent()).toBe("Copied the CFF citation.");
    expect(await status.isVisible()).toBe(true);
    const copied = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(copied).toBe(await page.locator("#cite-cff code").textContent());
    expect(copied).toMatch(/^cff-version: 1\.2\.0\n/);
    expect(copied).toContain('version: "3.2.2"');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("without JavaScript shows every citation format as a readable block, and no dead controls", async () => {
    const { page, context } = await open("/templates/genomics-pipeline-v3/", { javaScriptEnabled: false });
    expect(await visibleFormats(page)).toEqual(["bibtex", "cff", "ris", "apa"]);
    expect(await page.getByRole("button", { name: "Copy citation" }).isVisible()).toBe(false);
    expect(await page.locator("#cite-ris code").textContent()).toContain("TY  - COMP");
    await context.close();
  });

  it("follows a version's diff link from the timeline to the diff page and back", async () => {
    const { page, context, problems } = await open("/templates/genomics-pipeline-v3/");
    const entry = page.locator('#version-timeline > li[data-version="3.2.1"]');
    expect(await entry.locator(".badge").first().textContent()).toBe("Supported until 7 Dec 2027");
    await entry.getByRole("link", { name: "What changed since v3.1.0" }).click();
    await page.waitForURL(/\/templates\/genomics-pipeline-v3\/diff\/3\.1\.0\.\.3\.2\.1\/$/);
    expect(await page.locator("h1").textContent()).toBe("What changed from v3.1.0 to v3.2.1");
    const rows = await page.locator("#diff-packages tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
    expect(rows).toContainEqual(["added", "nextflow", "conda", "—", ">=24.10"]);
    expect(rows).toContainEqual(["upgraded", "r-base", "conda", "=4.3", "=4.4"]);
    expect(await page.locator("#diff-lines").textContent()).toContain("  ↑ conda samtools >=1.19 → >=1.21");
    await page.getByRole("link", { name: "Advanced Genomics Analysis Pipeline" }).first().click();
    await page.waitForURL(/\/templates\/genomics-pipeline-v3\/(#versions)?$/);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("other pages", () => {
  it("category, author and 404 pages render without errors", async () => {
    const { page, context, problems } = await open("/categories/bioinformatics/");
    const bio = catalog.templates.filter((t) => t.category === "bioinformatics").length;
    expect(await page.locator(".card").count()).toBe(bio);
    await page.goto(`${server.url}/authors/research-lab-genomics/`);
    expect(await page.locator("h1").textContent()).toBe("research-lab-genomics");
    expect(await page.locator(".card h3").allTextContents()).toContain("Advanced Genomics Analysis Pipeline");
    expect(problems).toEqual([]);
    const missing = await page.goto(`${server.url}/does-not-exist/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("We could not find that page");
    // The page itself is the only miss: its stylesheet and icon load.
    expect(problems.sort()).toEqual([
      `HTTP 404 ${server.url}/does-not-exist/`,
      "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]);
    await context.close();
  });
});
