import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { failure, ROOT, runNode } from "./child.js";

export const CLI = join(ROOT, "cli/dist/cws.mjs");
/** What the bundle is built from: the CLI, the core it imports, and the bundler script. */
const SOURCES = ["cli/src", "core", "scripts/build-cli.ts"];

/**
 * The search benchmark runs the shipped bundle, so it must be built from the current sources:
 * (re)build it the way `npm run build:cli` does when it is missing or older than any source.
 * Otherwise a developer iterating on the search code would benchmark yesterday's CLI.
 */
export async function ensureCliBundle(log: (line: string) => void, rssFile: string): Promise<void> {
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((p) => newestMtime(join(ROOT, p))));
  if (built >= newest) return;
  log(`bench: ${built ? "cli/dist/cws.mjs is older than its sources" : "cli/dist/cws.mjs is missing"}; running npm run build:cli`);
  const run = await runNode(["--import", "tsx", join(ROOT, "scripts/build-cli.ts")], { timeoutMs: 300_000, rssFile });
  if (run.code !== 0) throw failure("npm run build:cli", run);
}

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
