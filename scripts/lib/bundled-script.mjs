// Runs a TypeScript script from an esbuild bundle instead of through tsx. Loading the validator's
// ~150 modules through tsx's loader hooks cost about 0.8 s of CPU per run, more than validating
// 1,000 templates; the bundle loads in a few milliseconds. Plain JavaScript on purpose: this file
// runs before anything that could compile TypeScript.
//
// The bundle is a cache, never a second source of truth: it records the files it was built from,
// and any of them changed since (an edit, a checkout, an `npm ci`) rebuilds it before it runs.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = new URL("../../", import.meta.url).pathname;
/** Errors that mean the bundle cannot be written here; anything else (a syntax error) is shown. */
const READ_ONLY = new Set(["EACCES", "EROFS", "EPERM"]);
/** Installs change node_modules without new mtimes (npm keeps the tarballs' dates); the lock files do change. */
const ALWAYS = ["package.json", "package-lock.json", "node_modules/.package-lock.json", "scripts/lib/bundled-script.mjs"];

/**
 * Whether a bundle built at `builtAt` (ms) from `inputs` (paths relative to `root`) is out of
 * date: an input is missing or was modified at or after the build started.
 * @param {{ builtAt: number, inputs: string[] } | undefined} meta
 * @param {string} root
 * @returns {boolean}
 */
export function isStale(meta, root) {
  if (!meta || typeof meta.builtAt !== "number" || !Array.isArray(meta.inputs)) return true;
  for (const input of meta.inputs) {
    let mtime;
    try {
      mtime = statSync(join(root, input)).mtimeMs;
    } catch {
      return true;
    }
    if (mtime >= meta.builtAt) return true;
  }
  return false;
}

/**
 * Builds scripts/dist/<name>.mjs from scripts/<name>.ts and records its inputs beside it. Writes
 * to temporary names and renames, so a concurrent run never imports a half-written bundle.
 * @param {string} name
 * @param {string} root
 */
export async function buildBundle(name, root = ROOT) {
  const { build } = await import("esbuild");
  const outfile = bundlePath(name, root);
  mkdirSync(dirname(outfile), { recursive: true });
  const builtAt = Date.now();
  const temp = `${outfile}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, "scripts", `${name}.ts`)],
    outfile: temp,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Ajv and other CommonJS dependencies require Node built-ins.
    banner: { js: "import { createRequire as __cwsRequire } from 'node:module'; const require = __cwsRequire(import.meta.url);" },
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
  });
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...ALWAYS])].sort();
  writeFileSync(`${temp}.json`, `${JSON.stringify({ builtAt, inputs })}\n`);
  renameSync(temp, outfile);
  renameSync(`${temp}.json`, `${outfile}.json`);
  return outfile;
}

/** @param {string} name @param {string} root */
export function bundlePath(name, root = ROOT) {
  return join(root, "scripts", "dist", `${name}.mjs`);
}

/**
 * Imports scripts/<name>.ts from its bundle, rebuilding the bundle first when it is missing or
 * stale. Where it cannot be written (a read-only checkout), runs the sources through tsx.
 * @param {string} name
 */
export async function runBundled(name) {
  const outfile = bundlePath(name);
  let meta;
  try {
    meta = JSON.parse(readFileSync(`${outfile}.json`, "utf8"));
  } catch {
    meta = undefined;
  }
  let target = outfile;
  if (isStale(meta, ROOT)) {
    try {
      target = await buildBundle(name);
    } catch (error) {
      if (!READ_ONLY.has(error?.code)) throw error;
      const { register } = await import("tsx/esm/api");
      register();
      target = join(ROOT, "scripts", `${name}.ts`);
    }
  }
  await import(pathToFileURL(target).href);
}
