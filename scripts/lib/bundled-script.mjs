// Runs a TypeScript script from an esbuild bundle instead of through tsx. Loading the validator's
// ~150 modules through tsx's loader hooks cost about 0.8 s of CPU per run, more than validating
// 1,000 templates; the bundle loads in a few milliseconds. Plain JavaScript on purpose: this file
// runs before anything that could compile TypeScript.
//
// The bundle is a cache, never a second source of truth: it records the files it was built from,
// and any of them changed since (an edit, a checkout, an `npm ci`) rebuilds it before it runs.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = new URL("../../", import.meta.url).pathname;
/** Errors that mean the bundle cannot be written here; anything else (a syntax error) is shown. */
const READ_ONLY = new Set(["EACCES", "EROFS", "EPERM"]);
/** Installs change node_modules without new mtimes (npm keeps the tarballs' dates); the lock files do change. */
const ALWAYS = ["package.json", "package-lock.json", "node_modules/.package-lock.json", "scripts/lib/bundled-script.mjs"];

const REQUIRE_BANNER = "import { createRequire as __cwsRequire } from 'node:module'; const require = __cwsRequire(import.meta.url);";
/** esbuild options of every bundle here; Ajv and other CommonJS dependencies require Node built-ins. */
const NODE_BUNDLE = { bundle: true, platform: "node", format: "esm", target: "node20", banner: { js: REQUIRE_BANNER } };
/**
 * Schemas a script validates against often enough that compiling them at every start shows:
 * they are compiled once, when the bundle is built (core/schema/ajv.ts standaloneValidators).
 */
const PRECOMPILE = { validate: ["template", "categories", "featured", "maintainers"] };

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
    ...NODE_BUNDLE,
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
  });
  const inputs = new Set([...Object.keys(result.metafile.inputs), ...ALWAYS]);
  const schemas = PRECOMPILE[name];
  if (schemas) {
    for (const input of await writeValidators(schemas, `${validatorsPath(name, root)}.${process.pid}.tmp`, root)) inputs.add(input);
    renameSync(`${validatorsPath(name, root)}.${process.pid}.tmp`, validatorsPath(name, root));
  }
  writeFileSync(`${temp}.json`, `${JSON.stringify({ builtAt, inputs: [...inputs].sort() })}\n`);
  renameSync(temp, outfile);
  renameSync(`${temp}.json`, `${outfile}.json`);
  return outfile;
}

/**
 * Compiles the schemas with core/schema/ajv.ts (bundled on the fly, since this file cannot load
 * TypeScript) and writes the validators' module. Returns its inputs: the compiler's sources and
 * every schema file, which the bundled script still reads at run time for messages and hints.
 * @param {string[]} schemas @param {string} file @param {string} root
 */
async function writeValidators(schemas, file, root) {
  const { build } = await import("esbuild");
  const compiler = `${file}.compiler.mjs`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, "core", "schema", "ajv.ts")],
    outfile: compiler,
    ...NODE_BUNDLE,
    metafile: true,
    logLevel: "warning",
  });
  try {
    const { standaloneValidators } = await import(pathToFileURL(compiler).href);
    writeFileSync(file, `${REQUIRE_BANNER}\n${standaloneValidators(schemas)}\n`);
  } finally {
    rmSync(compiler, { force: true });
  }
  const schemaFiles = readdirSync(join(root, "schemas"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => `schemas/${f}`);
  return [...Object.keys(result.metafile.inputs), ...schemaFiles];
}

/** @param {string} name @param {string} root */
function validatorsPath(name, root = ROOT) {
  return join(root, "scripts", "dist", `${name}.validators.mjs`);
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
  if (target === outfile && PRECOMPILE[name] && existsSync(validatorsPath(name))) {
    // The key core/schema/ajv.ts looks under (PRECOMPILED there).
    globalThis[Symbol.for("cws.precompiledValidators")] = await import(pathToFileURL(validatorsPath(name)).href);
  }
  await import(pathToFileURL(target).href);
}
