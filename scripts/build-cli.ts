// npm run build:cli (also run by `prepare` on npm ci): bundles the CLI into cli/dist/ so
// `cws` starts fast. The AWS SDK stays external; only `cws launch` imports it.
import { rmSync } from "node:fs";
import { build, type Plugin } from "esbuild";

const outdir = new URL("../cli/dist/", import.meta.url).pathname;

/**
 * tuf-js requires make-fetch-happen (with cacache, proxy agents and more) when it loads, though
 * the CLI passes its own fetcher and needs make-fetch-happen only behind a proxy. This routes
 * tuf-js's require to a small module that imports the real one on first use, from its own chunk.
 */
const lazyMakeFetchHappen: Plugin = {
  name: "lazy-make-fetch-happen",
  setup(b) {
    b.onResolve({ filter: /^make-fetch-happen$/ }, (args) =>
      args.importer.includes("/tuf-js/") ? { path: "lazy-make-fetch-happen", namespace: "cws-lazy" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "cws-lazy" }, () => ({
      contents: `module.exports = async (url, options) => { const m = await import("make-fetch-happen"); return (m.default ?? m)(url, options); };`,
      loader: "js",
      resolveDir: new URL("../", import.meta.url).pathname,
    }));
  },
};

// Stale chunks would otherwise pile up next to the new ones.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL("../cli/src/cws.ts", import.meta.url).pathname],
  outdir,
  entryNames: "cws",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  // One chunk per lazily imported command, so `search` never parses isomorphic-git or octokit.
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // tuf-js error classes are recognised by name.
  keepNames: true,
  external: ["@aws-sdk/*"],
  plugins: [lazyMakeFetchHappen],
  banner: { js: "import { createRequire as __cwsRequire } from 'node:module'; const require = __cwsRequire(import.meta.url);" },
  logLevel: "warning",
  legalComments: "none",
});
console.log("wrote cli/dist/cws.mjs and its chunks");
