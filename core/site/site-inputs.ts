import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isSiteInput } from "./site-data.js";

/** Where the site's data comes from: a text by tree path, undefined when the tree has no such file. */
export type SiteSource = (path: string) => string | undefined;

/** A folder laid out like the CDN tree (`astro dev` against `npm run build`'s dist/). */
export function directorySource(dir: string): SiteSource {
  return (path) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path), "utf8") : undefined);
}

/**
 * The tree handed to the pages in memory. Astro bundles the pages (and this module with them)
 * and runs them in this process, so a registry on globalThis under a per-build token is what both
 * copies of this module share. Writing the site's ~3 files per template to a temporary folder and
 * deleting them again cost more than the whole Astro render on a slow disk.
 */
const SLOT = Symbol.for("cws.site.inputs");

type Slots = Map<string, ReadonlyMap<string, Uint8Array>>;

function slots(): Slots {
  const g = globalThis as { [SLOT]?: Slots };
  g[SLOT] ??= new Map();
  return g[SLOT];
}

/** Registers a tree for one build and returns its token; call the returned release when the build ends. */
export function shareSiteInputs(files: ReadonlyMap<string, Uint8Array>): { token: string; release: () => void } {
  const token = `build-${process.pid}-${++counter}`;
  slots().set(token, files);
  return { token, release: () => slots().delete(token) };
}

let counter = 0;

/** The tree registered under `token`, as a source; fails when the build that shared it has ended. */
export function sharedSource(token: string): SiteSource {
  const files = slots().get(token);
  if (!files) throw new Error(`site inputs ${token} are not available in this process (renderSite shares them only while it builds)`);
  return treeSource(files);
}

/** A built tree in memory as a source: the pages see only the paths isSiteInput names, as the data folder once held. */
export function treeSource(files: ReadonlyMap<string, Uint8Array>): SiteSource {
  const decoder = new TextDecoder();
  return (path) => {
    const bytes = isSiteInput(path) ? files.get(path) : undefined;
    return bytes ? decoder.decode(bytes) : undefined;
  };
}
