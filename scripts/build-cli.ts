// npm run build:cli (also run by `prepare`, which npm runs on `npm ci` and before `npm pack`):
// bundles the CLI into cli/dist/ so `cws` starts fast. The package ships cli/bin and cli/dist
// only (package.json "files"), so everything the CLI reads at run time is in the bundle: the
// JSON Schemas are embedded. The AWS SDK (@aws-sdk/*, @smithy/*) stays external and is a
// dependency of the package; only the commands that call AWS or sign API requests import it.
import { readdirSync, readFileSync, rmSync } from "node:fs";
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

const schemasModule = new URL("../core/schema/schemas.ts", import.meta.url).pathname;
const schemasDir = new URL("../schemas/", import.meta.url).pathname;

/**
 * core/schema/schemas.ts reads schemas/*.json beside the sources, a folder the installed package
 * does not have. In the bundle it is replaced by a module that re-exports the real one (for
 * SCHEMA_FILES) and answers loadSchemas() from copies embedded at build time.
 */
const embeddedSchemas: Plugin = {
  name: "embedded-schemas",
  setup(b) {
    b.onResolve({ filter: /(^|\/)schemas\.js$/ }, async (args) => {
      if (args.namespace === "cws-schemas" || args.pluginData === "real") return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "real" });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return resolved.path === schemasModule ? { path: "embedded-schemas", namespace: "cws-schemas" } : { path: resolved.path };
    });
    b.onLoad({ filter: /.*/, namespace: "cws-schemas" }, () => {
      const files = Object.fromEntries(
        readdirSync(schemasDir)
          .filter((f) => f.endsWith(".schema.json"))
          .map((f) => [f, JSON.parse(readFileSync(schemasDir + f, "utf8"))]),
      );
      return {
        contents: `import { SCHEMA_FILES } from ${JSON.stringify(schemasModule)};
export { SCHEMA_FILES };
export const SCHEMAS_DIR = "(embedded in the cws bundle)/";
const EMBEDDED = ${JSON.stringify(files)};
let cache;
export function loadSchemas() {
  if (cache) return cache;
  cache = new Map();
  for (const [name, file] of Object.entries(SCHEMA_FILES)) {
    const schema = EMBEDDED[file];
    if (!schema) throw new Error("schema " + file + " is missing from the cws bundle; rebuild it with npm run build:cli");
    cache.set(name, structuredClone(schema));
  }
  return cache;
}`,
        loader: "js",
        resolveDir: schemasDir,
      };
    });
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
  external: ["@aws-sdk/*", "@smithy/*"],
  plugins: [lazyMakeFetchHappen, embeddedSchemas],
  banner: { js: "import { createRequire as __cwsRequire } from 'node:module'; const require = __cwsRequire(import.meta.url);" },
  logLevel: "warning",
  legalComments: "none",
});
// stderr, so `npm pack --silent` prints only the tarball name (README: npm install -g "$(npm pack --silent)").
console.error("wrote cli/dist/cws.mjs and its chunks");
