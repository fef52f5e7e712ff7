/**
 * The CDN tree's layout (docs/client-spec.md §2 and §5): every path a client, the build, the
 * local CDN, the CloudFront function or the live API agrees on. Tree paths have no leading
 * slash (they are object keys and TUF target names); URL paths have one.
 */

/**
 * Where the live API is mounted on the marketplace's origin (client spec §5). Every URL path that
 * starts with it is the API's, with or without a query string: the tree stores nothing under it,
 * the local CDN server hands such paths to the API and CloudFront routes them to the API origin.
 */
export const API_BASE = "/api/v1/marketplace";

/** True for a URL path the API answers: what CloudFront's API_PATH_PATTERN matches. */
export function isApiPath(urlPath: string): boolean {
  return urlPath.startsWith(API_BASE);
}

/** The CloudFront cache behaviour's path pattern for the API (`*` matches anything, even nothing). */
export const API_PATH_PATTERN = `${API_BASE}*`;

export const CATALOG_PATH = "indexes/catalog.json";
export const SEARCH_INDEX_PATH = "indexes/search-index.json";
export const CATEGORIES_PATH = "indexes/categories.json";
export const FEATURED_PATH = "indexes/featured.json";
export const TRENDING_PATH = "indexes/trending.json";
export const DISCOVERY_PATH = ".well-known/cws-marketplace.json";

/** A template's directory in the tree: metadata.json, reviews.json, documentation.md, screenshots/, validation-tests/. */
export function templateDir(id: string): string {
  return `templates/${id}`;
}

export function templateMetadataPath(id: string): string {
  return `${templateDir(id)}/metadata.json`;
}

export function templateDocsPath(id: string): string {
  return `${templateDir(id)}/documentation.md`;
}

export function templateTestsPath(id: string): string {
  return `${templateDir(id)}/validation-tests/tests.json`;
}

/** Every published version's list (docs/client-spec.md §3.6): templates/<id>/versions/index.json. */
export function templateVersionsPath(id: string): string {
  return `${templateDir(id)}/versions/index.json`;
}

/** One published version's record, which never changes once a newer version exists. */
export function templateVersionPath(id: string, version: string): string {
  return `${templateDir(id)}/versions/${version}.json`;
}

/** A template's latest reviews and rating breakdown as of the build (signed; the live API has the current ones). */
export function reviewsPagePath(id: string): string {
  return `${templateDir(id)}/reviews.json`;
}

/** URL path of a live endpoint under API_BASE, e.g. apiPath(`/templates/${id}/usage`). */
export function apiPath(path: string): string {
  return `${API_BASE}${path}`;
}

/** URL of a live endpoint on an API origin (a trailing slash on the origin is ignored). */
export function apiUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}${apiPath(path)}`;
}

/** Any template's metadata.json and documentation.md, as tree paths. */
export const TEMPLATE_METADATA = /^templates\/[^/]+\/metadata\.json$/;
export const TEMPLATE_DOCS = /^templates\/[^/]+\/documentation\.md$/;
/** The reviews page of any template, as a tree path. */
export const REVIEWS_PAGE = /^templates\/[^/]+\/reviews\.json$/;
/** Any template's version list or version record (§3.6), as a tree path; not the SBOMs beside them. */
export const TEMPLATE_VERSION_FILE = /^templates\/[^/]+\/versions\/[^/]+(?<!\.sbom)\.json$/;

/** A published version's CycloneDX 1.5 SBOM (client spec §4.1); signed like every target. */
export function templateSbomPath(id: string, version: string): string {
  return `${templateDir(id)}/versions/${version}.sbom.json`;
}
