import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * Debian's Chromium, driven by playwright-core; nothing is ever downloaded. A missing browser is
 * a failure, not a skip: CI installs it with .ci/install-chromium.sh before the tests run.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the catalog site's browser tests need Debian's chromium. Run .ci/install-chromium.sh (as root) and retry.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}
