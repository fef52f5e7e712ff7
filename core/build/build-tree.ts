import { createHash } from "node:crypto";
import { cycloneDxProblems } from "../sbom/validate.js";
import { validatorFor } from "../schema/ajv.js";
import type { SchemaName } from "../schema/schemas.js";
import { serializeCatalog } from "../spec/catalog-format.js";
import {
  API_BASE,
  CATALOG_PATH,
  CATEGORIES_PATH,
  DISCOVERY_PATH,
  FEATURED_PATH,
  reviewsPagePath,
  SEARCH_INDEX_PATH,
  TRENDING_PATH,
  templateDir,
  templateDocsPath,
  templateMetadataPath,
  templateTestsPath,
} from "../spec/layout.js";
import { zeroStats } from "../spec/ratings.js";
import { reviewsPage } from "../spec/reviews-page.js";
import type { Template } from "../types/generated.js";
import { buildCatalog } from "./catalog.js";
import { categoriesIndex, currentFeatured, trendingIndex } from "./indexes.js";
import type { BuildInput } from "./inputs.js";
import { publishedRecord } from "./published-record.js";
import { buildSearchIndex } from "./search-index.js";
import { versionFiles } from "./versions.js";

export interface BuildOptions {
  /** Also publish private and organization templates (for a private marketplace behind access control). */
  includeNonPublic?: boolean;
  /**
   * How browsers on the site identify to the live API (discovery `browser_identity`): "dev-header"
   * only for a local marketplace (npm start), whose API takes X-CWS-User. Unset, the site's pages
   * read live reviews but offer no review form.
   */
  browserIdentity?: "dev-header";
}

export interface BuiltTree {
  /** Every target file by POSIX path: what clients read, before signing. */
  files: Map<string, Uint8Array>;
  templates: number;
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
  const records = published.map((t) => publishedRecord(t, { input, featured: featuredIds, forks }));

  const catalog = buildCatalog(records, input.generatedAt);
  assertSchema("catalog", catalog, CATALOG_PATH);
  const catalogBytes = encode(serializeCatalog(catalog));
  files.set(CATALOG_PATH, catalogBytes);
  put(SEARCH_INDEX_PATH, "searchIndex", buildSearchIndex(catalog.templates, sha256(catalogBytes)));
  const categories = categoriesIndex(input.categories, catalog);
  const featured = currentFeatured(input.featured, catalog, input.generatedAt);
  put(CATEGORIES_PATH, "categoriesIndex", categories, true);
  put(FEATURED_PATH, "featuredIndex", featured, true);
  put(TRENDING_PATH, "trendingIndex", trendingIndex(catalog, input.stats, input.generatedAt), true);

  for (const record of records) {
    const id = record.template_id;
    const dir = templateDir(id);
    put(templateMetadataPath(id), "publishedTemplate", record, true);
    files.set(templateDocsPath(id), encode(input.docs.get(id) ?? ""));
    for (const [name, bytes] of input.screenshots.get(id) ?? []) files.set(`${dir}/screenshots/${name}`, bytes);
    put(templateTestsPath(id), "validationTests", { template_id: id, version: record.version, tests: record.validation_tests ?? [] }, true);
    put(reviewsPagePath(id), "apiReviews", reviewsPage(id, input.stats.get(id) ?? zeroStats(), input.reviews.get(id) ?? []), true);
  }
  // Every published version, addressable by version (client spec §3.6), with its SBOM (§4.1):
  // the current version's is the one metadata.json's sbom names.
  for (const t of published) {
    for (const file of versionFiles(t, input)) {
      if ("sbom" in file) {
        const problems = cycloneDxProblems(file.sbom);
        if (problems.length > 0) throw new Error(`build produced an invalid ${file.path} (CycloneDX 1.5): ${problems.join("; ")}`);
        files.set(file.path, encode(`${JSON.stringify(file.sbom, null, 2)}\n`));
      } else put(file.path, file.schema, file.value, true);
    }
  }
  const browser = options.browserIdentity ? { browser_identity: options.browserIdentity } : {};
  put(DISCOVERY_PATH, "discovery", { spec_version: 1, metadata: "/metadata/", targets: "/", api: `${API_BASE}/`, ...browser }, true);
  return { files: new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))), templates: records.length };
}

function forkChildren(templates: readonly Template[], published: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of templates) {
    const parent = t.forked_from?.template_id;
    if (parent && published.has(parent)) out.set(parent, [...(out.get(parent) ?? []), t.template_id].sort());
  }
  return out;
}

function assertSchema(schema: SchemaName, value: unknown, path: string): void {
  const validate = validatorFor(schema);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
    // The build produced a file the spec does not allow: a bug in the build, never in user input.
    throw new Error(`build produced an invalid ${path} (${schema}): ${problems}`);
  }
}

const encoder = new TextEncoder();
function encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
