// Developer aid, not a test: renders the rich fixture (stats, reviews, AMIs) into a folder and,
// with --serve, serves it on 127.0.0.1 for looking at pages in a browser.
// npx tsx tests/site/helpers/dev-build.ts [out-dir] [--serve]
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildWithSite, richInput } from "./fixture.js";
import { serveTree } from "./serve.js";

const out = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "test-results/site/tree";
const started = performance.now();
const files = await buildWithSite(richInput());
console.log(`built ${files.size} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
rmSync(out, { recursive: true, force: true });
for (const [path, bytes] of files) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), bytes);
}
if (process.argv.includes("--serve")) {
  const server = await serveTree(files);
  console.log(`serving on ${server.url}`);
}
