// npm run build:cli (also run by `prepare` on npm ci): bundles the CLI into cli/dist/cws.mjs so
// `cws` starts fast. The AWS SDK stays external; only `cws launch` imports it.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../cli/src/cws.ts", import.meta.url).pathname],
  outfile: new URL("../cli/dist/cws.mjs", import.meta.url).pathname,
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
console.log("wrote cli/dist/cws.mjs");
