import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Review } from "../../core/types/generated.js";
import { seededInput } from "../helpers/build-input.js";
import { launchChromium } from "./helpers/browser.js";
import { buildWithSite } from "./helpers/fixture.js";
import { type StaticServer, serveTree } from "./helpers/serve.js";
import { FORBIDDEN_TAGS, XSS_CORPUS } from "./xss-corpus.js";

const TARGET = "jupyter-data-science";
let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  // Built directly, not from the registry: the validator would (rightly) reject these docs.
  const base = seededInput();
  const review: Review = {
    review_id: "rev_01J9ZXSS0001",
    template_id: TARGET,
    reviewer: "mallory",
    rating: 1,
    title: "<img src=x onerror=alert('title')>",
    content: XSS_CORPUS,
    verified_usage: false,
    helpful_votes: 0,
    created_at: "2026-10-01T00:00:00Z",
  };
  const files = await buildWithSite({
    ...base,
    docs: new Map([...base.docs, [TARGET, XSS_CORPUS]]),
    reviews: new Map([[TARGET, [review]]]),
  });
  server = await serveTree(files);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// With the CSP on, the browser would block inline script anyway; with it bypassed, only the
// sanitiser stands between the corpus and the page, which is what this test is about.
describe.each([
  ["with the CSP", false],
  ["with the CSP bypassed", true],
])("a template whose docs hold an XSS corpus (%s)", (_label, bypassCSP) => {
  it("renders without running anything", async () => {
    const context = await browser.newContext({ bypassCSP, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url)) requests.push(request.url());
    });
    await page.goto(`${server.url}/templates/${TARGET}/`, { waitUntil: "load" });

    // Give handlers their chance: hover and focus everything in the docs and reviews, open details.
    for (const el of await page.locator("#documentation *, .review *").all()) await el.hover({ force: true, timeout: 1000 }).catch(() => {});
    await page.waitForTimeout(300);

    expect(dialogs).toEqual([]);
    expect(await page.evaluate<string>("typeof window.__xss")).toBe("undefined");
    expect(requests).toEqual([]); // no remote image, stylesheet or frame was fetched

    const docs = await page.$$eval(
      "#documentation, .review .prose, .review h3",
      (scopes, forbidden) => {
        const found: string[] = [];
        for (const scope of scopes) {
          for (const el of [scope, ...scope.querySelectorAll("*")]) {
            if (forbidden.includes(el.localName)) found.push(`<${el.localName}>`);
            for (const attr of el.getAttributeNames()) {
              const value = el.getAttribute(attr) ?? "";
              if (attr.startsWith("on") || attr === "style" || attr === "srcdoc") found.push(`${el.localName}[${attr}]`);
              if (/^(href|src|action|formaction|data)$/.test(attr) && /^\s*(javascript|vbscript|data):/i.test(value))
                found.push(`${el.localName}[${attr}=${value}]`);
            }
          }
        }
        return { scopes: scopes.length, found, text: scopes[0]?.textContent ?? "" };
      },
      FORBIDDEN_TAGS,
    );
    expect(docs.scopes).toBeGreaterThanOrEqual(3);
    expect(docs.found).toEqual([]);
    expect(docs.text).toContain("A friendly paragraph with a safe link");

    // The only scripts on the page are the site's own bundles.
    const scripts = await page.$$eval("script", (all) => all.map((s) => s.getAttribute("src")));
    expect(scripts.every((src) => src?.startsWith("/_astro/"))).toBe(true);
    expect(await page.locator("#documentation a[href='https://example.org/docs']").getAttribute("rel")).toBe("nofollow ugc noopener");
    await context.close();
  });
});
