import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type MarkdownOptions, renderMarkdown } from "./markdown.js";
import { urls } from "./view.js";

/** One README to render: the template it documents and its untrusted Markdown. */
export interface ReadmeSource {
  id: string;
  /** The template's name: a README that opens with it as an h1 loses that h1 (the page title says it). */
  name: string;
  markdown: string;
}

export interface ReadmeRender {
  /** Sanitised HTML by template id (empty for an empty README). */
  html: Map<string, string>;
  /** READMEs whose HTML came from the cache, and those rendered by this call. */
  hits: number;
  misses: number;
}

/** The options a template page renders its README with (its own folder for images, headings under the page's h2). */
export function readmeOptions(id: string, name: string): MarkdownOptions {
  return { imageBase: urls.template(id), headingOffset: 1, dropTitle: name };
}

/**
 * Renders every README to sanitised HTML, each once per content: with `cacheDir`, HTML rendered
 * by an earlier build for the same Markdown, options and renderer is reused, and what this build
 * rendered is stored for the next. The cache holds only renderMarkdown's sanitised output, never
 * the Markdown's raw HTML, and is pruned to this build's READMEs so it never outgrows the registry.
 * The cache folder is trusted like the build output beside it: whoever can write it can write the site.
 */
export function renderReadmes(sources: readonly ReadmeSource[], cacheDir?: string): ReadmeRender {
  const cached = cacheDir ? readCache(cacheDir) : new Map<string, string>();
  const next = new Map<string, string>();
  const html = new Map<string, string>();
  let hits = 0;
  let misses = 0;
  for (const { id, name, markdown } of sources) {
    if (!markdown.trim()) {
      html.set(id, "");
      continue;
    }
    const options = readmeOptions(id, name);
    const key = cacheKey(markdown, options);
    let out = next.get(key) ?? cached.get(key);
    if (out === undefined) {
      out = renderMarkdown(markdown, options);
      misses++;
    } else hits++;
    next.set(key, out);
    html.set(id, out);
  }
  if (cacheDir && !sameKeys(cached, next)) writeCache(cacheDir, next);
  return { html, hits, misses };
}

/** Kept as a floor for when the sources cannot be read (a bundle); normally the sources' hash keys the cache. */
const RENDERER = "readme-html/1";
const LIBRARIES = ["unified", "remark-parse", "remark-gfm", "remark-rehype", "rehype-sanitize", "rehype-stringify", "hast-util-sanitize"];
/** The files whose code decides the HTML: any edit to them keys a new cache, no manual bump. */
const SOURCES = ["./markdown.ts", "./readme-html.ts"];
const CACHE_FILE = "readme-html.json";

let rendererId: string | undefined;

/**
 * What the cached HTML depends on besides the Markdown: a sha256 of the markdown pipeline's
 * source files and the libraries' versions. render-site.ts computes it where the sources are
 * (Astro bundles this module elsewhere) and hands it to the pages with useReadmeRenderer.
 */
export function readmeRendererId(): string {
  const require = createRequire(import.meta.url);
  const hash = createHash("sha256");
  for (const file of SOURCES) {
    try {
      hash.update(readFileSync(new URL(file, import.meta.url)));
    } catch {
      hash.update(`${file}:unreadable`); // bundled: the version floor and libraries still key it
    }
  }
  // The libraries are ESM packages whose `exports` hide package.json from require: read it from the
  // node_modules folders resolution would search.
  const versions = LIBRARIES.map((name) => {
    for (const dir of require.resolve.paths(name) ?? []) {
      try {
        return `${name}@${(JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8")) as { version: string }).version}`;
      } catch {}
    }
    return `${name}@?`; // an unreadable version keys the cache on the others, never fails the build
  });
  return [RENDERER, hash.digest("hex").slice(0, 16), ...versions].join(" ");
}

/** Sets the renderer identity computed by readmeRendererId where the sources live. */
export function useReadmeRenderer(id: string | undefined): void {
  if (id) rendererId = id;
}

function renderer(): string {
  rendererId ??= readmeRendererId();
  return rendererId;
}

function cacheKey(markdown: string, options: MarkdownOptions): string {
  return createHash("sha256").update(renderer()).update("\0").update(JSON.stringify(options)).update("\0").update(markdown).digest("hex");
}

interface CacheFile {
  renderer: string;
  /** key → [sanitised HTML, sha256 of key and HTML]: an entry damaged on disk fails its digest and is rendered afresh. */
  entries: Record<string, [string, string]>;
}

function digest(key: string, html: string): string {
  return createHash("sha256").update(key).update("\0").update(html).digest("hex");
}

function readCache(dir: string): Map<string, string> {
  try {
    const file = JSON.parse(readFileSync(join(dir, CACHE_FILE), "utf8")) as Partial<CacheFile>;
    if (file.renderer !== renderer() || typeof file.entries !== "object" || file.entries === null) return new Map();
    const entries = new Map<string, string>();
    for (const [key, entry] of Object.entries(file.entries)) {
      if (!Array.isArray(entry) || typeof entry[0] !== "string" || entry[1] !== digest(key, entry[0])) continue;
      entries.set(key, entry[0]);
    }
    return entries;
  } catch {
    // Missing or damaged: the cache only saves time, so everything is rendered afresh.
    return new Map();
  }
}

/** Written through a temporary name, so a build killed half-way leaves the old cache or the new one. */
function writeCache(dir: string, entries: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  const file: CacheFile = { renderer: renderer(), entries: Object.fromEntries([...entries].map(([k, html]) => [k, [html, digest(k, html)]])) };
  const tmp = join(dir, `${CACHE_FILE}.tmp-${process.pid}`);
  writeFileSync(tmp, JSON.stringify(file));
  renameSync(tmp, join(dir, CACHE_FILE));
}

function sameKeys(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const key of b.keys()) if (!a.has(key)) return false;
  return true;
}
