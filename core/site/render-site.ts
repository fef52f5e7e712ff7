import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { withSiteLock } from "./build-lock.js";
import { readmeRendererId } from "./readme-html.js";
import { shareSiteInputs } from "./site-inputs.js";

export interface RenderSiteOptions {
  /** Public base URL for canonical links, Open Graph and sitemap.xml (default: the `npm start` address). */
  siteUrl?: string;
  /**
   * A folder kept between builds where rendered README HTML is reused by content hash
   * (core/site/readme-html.ts). Without it every README is rendered afresh; the output is the same.
   */
  readmeCacheDir?: string;
}

export const DEFAULT_SITE_URL = "http://localhost:4321";
export const SITE_ROOT = fileURLToPath(new URL("../../site/", import.meta.url));

/** The id the site's pages import their configuration from (see site/src/lib/data.ts). */
const CONFIG_MODULE = "virtual:cws-site";

/**
 * Renders the catalog site from a built CDN tree: the pages read the tree in memory (site-inputs.ts),
 * Astro builds site/ into a temporary directory, and the output comes back as files by
 * POSIX path (`index.html`, `templates/<id>/index.html`, `_astro/*`, `404.html`, `sitemap.xml`),
 * ready to sign and publish beside the data. Astro asset names are content hashes and the pages
 * read no clock, so the same tree always renders to the same bytes.
 *
 * Builds run one at a time, in this process and across processes: Astro keeps per-process state
 * (its compiler) and rewrites `site/.astro/` on every build.
 */
export function renderSite(files: ReadonlyMap<string, Uint8Array>, options: RenderSiteOptions = {}): Promise<Map<string, Uint8Array>> {
  const run = queue.then(() => withSiteLock(SITE_ROOT, () => renderOnce(files, options)));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function renderOnce(files: ReadonlyMap<string, Uint8Array>, options: RenderSiteOptions): Promise<Map<string, Uint8Array>> {
  // Astro reads this when it records an event; set before it loads, and never phone home.
  process.env.ASTRO_TELEMETRY_DISABLED = "1";
  const work = mkdtempSync(join(tmpdir(), "cws-site-"));
  const shared = shareSiteInputs(files);
  try {
    const outDir = join(work, "out");
    const config = {
      inputs: shared.token,
      siteUrl: (options.siteUrl ?? DEFAULT_SITE_URL).replace(/\/+$/, ""),
      ...(options.readmeCacheDir ? { readmeCacheDir: resolve(options.readmeCacheDir), readmeRenderer: readmeRendererId() } : {}),
    };
    const { build } = await import("astro");
    await build(
      {
        root: SITE_ROOT,
        outDir,
        // Caches live with this build, so concurrent or stale caches never leak between trees.
        cacheDir: join(work, "cache"),
        logLevel: "error",
        site: config.siteUrl,
        vite: { cacheDir: join(work, "vite"), plugins: [configModule(config)] },
      },
      { teardownCompiler: false },
    );
    const site = readTree(outDir);
    const clashes = [...site.keys()].filter((path) => files.has(path));
    if (clashes.length > 0) throw new Error(`the site would overwrite data targets: ${clashes.join(", ")}`);
    return site;
  } finally {
    shared.release();
    rmSync(work, { recursive: true, force: true });
  }
}

/** A Vite plugin that serves the build's input token, URL and cache folder to the pages as a module. */
function configModule(config: { inputs: string; siteUrl: string; readmeCacheDir?: string; readmeRenderer?: string }) {
  const resolved = `\0${CONFIG_MODULE}`;
  return {
    name: "cws-site-config",
    // Ahead of the fallback in site/astro.config.mjs (used only by `astro dev`).
    enforce: "pre" as const,
    resolveId: (id: string) => (id === CONFIG_MODULE ? resolved : undefined),
    load: (id: string) => (id === resolved ? `export default ${JSON.stringify(config)};\n` : undefined),
  };
}

function readTree(root: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.set(relative(root, full).split(sep).join("/"), new Uint8Array(readFileSync(full)));
    }
  };
  walk(root);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
