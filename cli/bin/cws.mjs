#!/usr/bin/env node
// The `cws` bin. Runs the bundle that `npm ci` builds (prepare → npm run build:cli); in a
// checkout without it, runs the TypeScript sources through tsx.
import { existsSync } from "node:fs";

const bundle = new URL("../dist/cws.mjs", import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/cws.ts", import.meta.url).href);
}
