// npm run build:api: bundles the marketplace API's Lambda handler into infra/build/api/index.mjs.
// The Lambda Node.js runtime ships the AWS SDK v3, so it stays external. Zip the folder and
// upload it as the stack's ApiCodeKey (see docs/operations.md).
import { cpSync } from "node:fs";
import { build } from "esbuild";

await build({
  entryPoints: [new URL("../apps/api/lambda.ts", import.meta.url).pathname],
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
// The API validates against schemas/ at run time; the stack points CWS_SCHEMAS_DIR at this copy.
cpSync(new URL("../schemas/", import.meta.url), new URL("../infra/build/api/schemas/", import.meta.url), { recursive: true });
console.log("wrote infra/build/api/index.mjs and infra/build/api/schemas/");
