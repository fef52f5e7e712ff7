import { createHash } from "node:crypto";
import type { SchemaName } from "../schema/schemas.js";
import { serializeCatalog } from "../spec/catalog-format.js";
import { API_BASE, CATALOG_PATH, CATEGORIES_PATH, DISCOVERY_PATH, FEATURED_PATH, SEARCH_INDEX_PATH, TRENDING_PATH, templateDir } from "../spec/layout.js";
import type { Template, TemplateSummary } from "../types/generated.js";
import { buildCatalog } from "./catalog.js";
import { categoriesIndex, currentFeatured, trendingIndex } from "./indexes.js";
import type { BuildInput } from "./inputs.js";
import { type CachedTemplate, cachedOutput, type RenderCache } from "./render-cache.js";
import { assertSchema, encode, renderTemplate } from "./render-template.js";
import { buildSearchIndex } from "./search-index.js";
import { templateInputKey } from "./template-key.js";

export interface BuildOptions {
  /** Also publish private and organization templates (for a private marketplace behind access control). */
  includeNonPublic?: boolean;
  /**
   * How browsers on the site identify to the live API (discovery `browser_identity`): "dev-header"
   * only for a local marketplace (npm start), whose API takes X-CWS-User. Unset, the site's pages
   * read live reviews but offer no review form.
   */
  browserIdentity?: "dev-header";
  /**
   * Reuse the last build's output of every template whose inputs did not change
   * (template-key.ts); `code` is the build code version those outputs must have been rendered by.
   */
  reuse?: { cache: RenderCache | undefined; code: string };
}

export interface BuiltTree {
  /** Every target file by POSIX path: what clients read, before signing. */
  files: Map<string, Uint8Array>;
  templates: number;
  /** With options.reuse: every published template's output and input key, to cache for the next build. */
  outputs?: Map<string, CachedTemplate>;
  /** With options.reuse: how many templates were rendered (the rest were reused). */
  rendered?: number;
}

/**
 * Builds the CDN tree described in docs/client-spec.md from plain inputs. Pure and
 * deterministic: the same input gives byte-identical files. Every JSON file is checked against
 * its published-format schema, so a client can trust the shapes the spec promises.
 */
export function buildTree(input: BuildInput, options: BuildOptions = {}): BuiltTree {
  const published = input.templates
    .filter((t) => options.includeNonPublic || t.publication.visibility === "public")
    .sort((a, b) => (a.template_id < b.template_id ? -1 : 1));
  const files = new Map<string, Uint8Array>();
  const put = (path: string, schema: SchemaName | undefined, value: unknown, pretty = false): Uint8Array => {
    if (schema) assertSchema(schema, value, path);
    const bytes = encode(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
    files.set(path, bytes);
    return bytes;
  };

  const ids = new Set(published.map((t) => t.template_id));
  const forks = forkChildren(published, ids);
  const featuredIds = new Set(input.featured.featured.filter((e) => !e.until || e.until >= input.generatedAt.slice(0, 10)).map((e) => e.template_id));
  const ctx = { input, featured: featuredIds, forks };
  const outputs = new Map<string, CachedTemplate>();
  let rendered = 0;
  for (const t of published) {
    const id = t.template_id;
    const key = options.reuse ? templateInputKey(t, ctx, options.reuse.code) : "";
    let output = options.reuse ? cachedOutput(options.reuse.cache, id, key, input.generatedAt) : undefined;
    if (!output) {
      const fresh = renderTemplate(t, ctx);
      output = { key, ...(fresh.usedGeneratedAt ? { generatedAt: input.generatedAt } : {}), summary: fresh.summary, files: fresh.files };
      rendered++;
    }
    outputs.set(id, output);
    for (const [path, bytes] of output.files) files.set(path, bytes);
    for (const [name, bytes] of input.screenshots.get(id) ?? []) files.set(`${templateDir(id)}/screenshots/${name}`, bytes);
  }
  const summaries: TemplateSummary[] = [...outputs.values()].map((o) => o.summary);

  const catalog = buildCatalog(summaries, input.generatedAt);
  assertSchema("catalog", catalog, CATALOG_PATH);
  const catalogBytes = encode(serializeCatalog(catalog));
  files.set(CATALOG_PATH, catalogBytes);
  put(SEARCH_INDEX_PATH, "searchIndex", buildSearchIndex(catalog.templates, sha256(catalogBytes)));
  const categories = categoriesIndex(input.categories, catalog);
  const featured = currentFeatured(input.featured, catalog, input.generatedAt);
  put(CATEGORIES_PATH, "categoriesIndex", categories, true);
  put(FEATURED_PATH, "featuredIndex", featured, true);
  put(TRENDING_PATH, "trendingIndex", trendingIndex(catalog, input.stats, input.generatedAt), true);
  const browser = options.browserIdentity ? { browser_identity: options.browserIdentity } : {};
  put(DISCOVERY_PATH, "discovery", { spec_version: 1, metadata: "/metadata/", targets: "/", api: `${API_BASE}/`, ...browser }, true);
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { files: sorted, templates: published.length, ...(options.reuse ? { outputs, rendered } : {}) };
}

function forkChildren(templates: readonly Template[], published: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of templates) {
    const parent = t.forked_from?.template_id;
    if (parent && published.has(parent)) out.set(parent, [...(out.get(parent) ?? []), t.template_id].sort());
  }
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
