// npm run build:api: bundles the marketplace API's Lambda handler into infra/build/api/index.mjs.
// The Lambda Node.js runtime ships the AWS SDK v3, so it stays external. Zip the folder and
// upload it as the stack's ApiCodeKey (see docs/operations.md).
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../core/api/lambda.ts", import.meta.url).pathname],
  outfile: new URL("../infra/build/api/index.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  keepNames: true,
  external: ["@aws-sdk/*"],
  banner: { js: "import { createRequire as __cwsRequire } from 'node:module'; const require = __cwsRequire(import.meta.url);" },
  logLevel: "warning",
});
console.log("wrote infra/build/api/index.mjs");
