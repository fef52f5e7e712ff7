// The review loop on the local marketplace (npm start's startMarketplace, in process): a review
// posted through the API is on the template page without a rebuild, in the installed CLI's
// `info`, and on the live GET; with the API down the page and `info` show the build's figures
// and say so. A sync-stats fold still feeds the signed build.

import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startCdnServer } from "../../apps/local/cdn-server.js";
import { LOCAL_BUCKET, type LocalMarketplace, startMarketplace } from "../../apps/local/start-marketplace.js";
import { dynamoClient, LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { syncStats } from "../../core/community/sync-stats.js";
import { CONTENT_SECURITY_POLICY } from "../../core/site/csp.js";
import { reviewsPagePath } from "../../core/spec/layout.js";
import type { ReviewList } from "../../core/types/generated.js";
import { type InstalledCli, installPackedCli } from "../cli/helpers/installed.js";
import { type CliResult, runCli, userHome } from "../cli/helpers.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { launchChromium } from "./helpers/browser.js";

const ID = "genomics-pipeline-v3";
const TEMPLATES = [ID, "jupyter-data-science"];
const API = "/api/v1/marketplace";
const PAGE = `/templates/${ID}/`;

let browser: Browser;
let cli: InstalledCli;
let market: LocalMarketplace;
/** The same bucket behind a CDN whose live API is down: what reaches the API (a query string, a write) answers 503; the signed tree is still served. */
let apiDown: RunningServer;
let home: Record<string, string>;
const dir = tempDir("cws-live-reviews-");
const dataDir = join(dir, "data");

/** A two-template registry: the whole build and sign take seconds, not a minute. */
function smallRegistry(): string {
  const registry = join(dir, "registry");
  for (const f of ["categories.json", "featured.json", "maintainers.json"]) cpSync(join(ROOT, "registry", f), join(registry, f));
  for (const id of TEMPLATES) cpSync(join(ROOT, "registry/templates", id), join(registry, "templates", id), { recursive: true });
  const featured = JSON.parse(readFileSync(join(registry, "featured.json"), "utf8")) as { featured: { template_id: string }[] };
  featured.featured = featured.featured.filter((e) => TEMPLATES.includes(e.template_id));
  writeFileSync(join(registry, "featured.json"), JSON.stringify(featured));
  return registry;
}

const start = (registry: string) => startMarketplace({ registry, out: join(dir, "out"), dataDir, port: 0, env: {} });

async function postReview(base: string, user: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}${API}/templates/${ID}/reviews`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-cws-user": user },
    body: JSON.stringify(body),
  });
}

const info = (url: string, ...args: string[]): Promise<CliResult> =>
  runCli([cli.bin], ["marketplace", "info", ID, "--registry-url", url, "--trusted-root", market.rootPath, ...args], home, { cwd: dir });

beforeAll(async () => {
  browser = await launchChromium();
  cli = await installPackedCli();
  const registry = smallRegistry();
  // First run: a review through the API, folded by sync-stats; the second run's build publishes it.
  const first = await start(registry);
  try {
    expect((await postReview(first.url, "mkhan-lab", { rating: 4, title: "Built into the tree", content: "Seen by the build." })).status).toBe(201);
    await syncStats({ client: dynamoClient({ endpoint: first.dynamoEndpoint, credentials: LOCAL_CREDENTIALS }) });
  } finally {
    await first.close();
  }
  rmSync(join(dataDir, "build-fingerprint")); // as a scheduled build would: rebuild the same registry
  market = await start(registry);
  expect(market.built).toBe(true);
  apiDown = await startCdnServer({
    s3: s3Client({ endpoint: market.s3Endpoint, credentials: LOCAL_CREDENTIALS }),
    bucket: LOCAL_BUCKET,
    before: async (req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (!url.pathname.startsWith(API) || (req.method === "GET" && url.search === "")) return false;
      res.writeHead(503, { "content-type": "application/json" }).end('{"error":"DOWN","message":"down for the test"}');
      return true;
    },
  });
  home = userHome();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await apiDown?.close();
  await market?.close();
});

/** Opens a page, collecting script errors and CSP violations (Chromium reports both on the console). */
async function open(url: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (409|503)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

const source = (page: Page) => page.getAttribute("#reviews-source", "data-source");
const reviewTitles = (page: Page) => page.$$eval("#review-list article h3", (hs) => hs.map((h) => h.textContent));

describe("live reviews on the local marketplace", () => {
  it("the signed build carries what sync-stats folded", async () => {
    const page = (await (await fetch(`${market.url}/${reviewsPagePath(ID)}`)).json()) as { total: number; reviews: { title: string }[] };
    expect(page.total).toBe(1);
    expect(page.reviews.map((r) => r.title)).toEqual(["Built into the tree"]);
    const html = await (await fetch(`${market.url}${PAGE}`)).text();
    expect(html).toMatch(/Ratings and reviews as of the last build \(\d{1,2} \w{3} \d{4}\)\./);
    expect(html).toContain("Built into the tree");
  });

  it("a review posted from the page is on the page, on the live GET and in info, with no rebuild", async () => {
    const { page, problems, close } = await open(`${market.url}${PAGE}`);
    await expect.poll(() => source(page)).toBe("live");
    expect(await page.textContent("#reviews-source")).toContain("Live");
    const form = page.locator("#review-form");
    await expect.poll(() => form.isVisible()).toBe(true);

    // Untrusted text goes in as markup and must come out as text.
    const title = `<img src=x id=pwned onerror="document.title='pwned'"> Fast on Graviton`;
    await page.getByLabel("Your handle").fill("jdoe-lab");
    await page.getByLabel("Rating", { exact: true }).selectOption("5");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Review", { exact: true }).fill("First paragraph with **stars**.\n\n<script>alert(1)</script> second paragraph.");
    await page.getByRole("button", { name: "Post review" }).click();
    await expect.poll(() => page.textContent("#review-form-status")).toBe("Posted: your review is live.");
    expect(await reviewTitles(page)).toEqual([title, "Built into the tree"]);
    expect(await page.$("#pwned")).toBeNull();
    expect(await page.title()).not.toBe("pwned");
    const paragraphs = await page.$$eval("#review-list article[data-reviewer='jdoe-lab'] .review-text p", (ps) => ps.map((p) => p.textContent));
    expect(paragraphs).toEqual(["First paragraph with **stars**.", "<script>alert(1)</script> second paragraph."]);
    // The figures follow: 2 reviews (4 and 5 stars), one in each bar.
    expect(await page.textContent("[data-live-total]")).toBe("2 reviews");
    expect(await page.textContent("[data-live-rating]")).toBe("4.5");
    expect(await page.textContent("[data-live-stars='5'] [data-live-count]")).toBe("1");
    expect(await page.getAttribute("[data-live-stars='5'] rect.fill", "width")).toBe("50");
    expect(await page.textContent("[data-live-byline]")).toContain("(2)");

    // A second post by the same user is refused with the API's words, as text.
    await page.getByLabel("Title", { exact: true }).fill("Again");
    await page.getByLabel("Review", { exact: true }).fill("Twice.");
    await page.getByRole("button", { name: "Post review" }).click();
    await expect.poll(() => page.textContent("#review-form-status")).toContain("Not posted: you already reviewed");
    expect(problems).toEqual([]);
    await close();

    // A fresh load (no rebuild happened) shows it too.
    const again = await open(`${market.url}${PAGE}`);
    await expect.poll(() => source(again.page)).toBe("live");
    expect(await reviewTitles(again.page)).toEqual([title, "Built into the tree"]);
    await again.close();

    const live = (await (await fetch(`${market.url}${API}/templates/${ID}/reviews?limit=10`)).json()) as ReviewList;
    expect(live.total).toBe(2);
    expect(live.reviews.map((r) => r.reviewer)).toEqual(["jdoe-lab", "mkhan-lab"]);

    const json = await info(market.url, "--json");
    expect(json.status, json.stderr).toBe(0);
    const shown = JSON.parse(json.stdout) as { ratings_source: string; rating: number; reviews: number; latest_reviews: { title: string }[]; amis: unknown };
    expect(shown).toMatchObject({ ratings_source: "live", rating: 4.5, reviews: 2 });
    expect(shown.latest_reviews.map((r) => r.title)).toEqual([title, "Built into the tree"]);
    const text = await info(market.url);
    expect(text.stdout).toContain("4.5★ (2)");
    expect(text.stdout).toContain(`live from ${market.url}`);
    expect(text.stdout).toContain(title);
  });

  it("with the API down, the page keeps the build's reviews and says so, and info falls back and says so", async () => {
    const { page, problems, close } = await open(`${apiDown.url}${PAGE}`);
    await expect.poll(() => source(page)).toBe("build");
    expect(await page.textContent("#reviews-source")).toMatch(/^The marketplace API did not answer, so these ratings and reviews are from the last build \(\d/);
    expect(await reviewTitles(page)).toEqual(["Built into the tree"]);
    expect(await page.textContent("[data-live-total]")).toBe("1 review");
    // No form it could not submit.
    expect(await page.locator("#review-form").isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await close();

    const json = await info(apiDown.url, "--json");
    expect(json.status, json.stderr).toBe(0);
    const shown = JSON.parse(json.stdout) as { ratings_source: string; ratings_note: string; reviews: number; latest_reviews: { title: string }[] };
    expect(shown.ratings_source).toBe("build");
    expect(shown.reviews).toBe(1);
    expect(shown.latest_reviews.map((r) => r.title)).toEqual(["Built into the tree"]);
    const text = await info(apiDown.url);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/as of the build of \d{4}-\d{2}-\d{2}: no live figures/);
    expect(text.stdout).toContain("4.0★ (1)");
  });

  it("the page's policy lets it reach the API on its own origin and nothing else", async () => {
    const res = await fetch(`${market.url}${PAGE}`);
    expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY.split("; ").filter((d) => d.startsWith("connect-src"))).toEqual(["connect-src 'self'"]);
  });
});
