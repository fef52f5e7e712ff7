import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run.js";
import { launchChromium } from "./helpers/browser.js";
import { buildWithSite, richInput } from "./helpers/fixture.js";
import { type StaticServer, serveTree } from "./helpers/serve.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SHOTS = join(ROOT, "test-results", "site");

const PAGES = [
  ["home", "/"],
  ["browse", "/templates/"],
  ["template", "/templates/genomics-pipeline-v3/"],
  ["deprecated-template", "/templates/fsl5-freesurfer6-legacy/"],
  ["version-diff", "/templates/genomics-pipeline-v3/diff/3.1.0..3.2.1/"],
  ["category", "/categories/bioinformatics/"],
  ["author", "/authors/brain-imaging-center/"],
  ["not-found", "/does-not-exist/"],
] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveTree(await buildWithSite(richInput()));
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(["light", "dark"] as const)("accessibility in the %s scheme", (scheme) => {
  it.each(PAGES)("axe finds no serious or critical violations on the %s page (and a screenshot is kept)", async (name, path) => {
    // axe is injected as a script, which the site's CSP (rightly) refuses: bypass it for this check only.
    const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
    if (name === "browse") await page.waitForSelector("[data-browse].is-enhanced");
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
    await page.addScriptTag({ path: AXE });
    const { violations, passes } = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
      const results = await axe.run();
      return { violations: results.violations, passes: results.passes.length };
    });
    expect(passes).toBeGreaterThan(20); // axe really ran its rules on this page
    const serious = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(serious).toEqual([]);
    await context.close();
  });

  it("the browse page stays usable on a phone: no sideways scrolling, filters collapsed", async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const path of ["/", "/templates/", "/templates/genomics-pipeline-v3/"]) {
      await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${server.url}/templates/`);
    await page.waitForSelector("[data-browse].is-enhanced");
    expect(await page.locator("#filters-panel").getAttribute("open")).toBeNull();
    await page.screenshot({ path: join(SHOTS, `browse-phone-${scheme}.png`), fullPage: false });
    await context.close();
  });
});
