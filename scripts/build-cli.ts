// npm run build:cli (also run by `prepare` on npm ci): bundles the CLI into cli/dist/ so
// `cws` starts fast. The AWS SDK stays external; only `cws launch` imports it.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../cli/src/cws.ts", import.meta.url).pathname],
  outdir: new URL("../cli/dist/", import.meta.url).pathname,
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
  banner: { js: "import { createRequire as __cwsRequire } from 'node:module'; const require = __cwsRequire(import.meta.url);" },
  logLevel: "warning",
  legalComments: "none",
});
console.log("wrote cli/dist/cws.mjs and its chunks");
