/**
 * The CDN tree's layout (docs/client-spec.md §2 and §5): every path a client, the build, the
 * local CDN, the CloudFront function or the live API agrees on. Tree paths have no leading
 * slash (they are object keys and TUF target names); URL paths have one.
 */

/** The static API's root in the tree; the live API answers under the same path (API_BASE). */
export const API_ROOT = "api/v1/marketplace";
/** API_ROOT as a URL path: where every live endpoint is mounted, next to the static API. */
export const API_BASE = `/${API_ROOT}`;

export const CATALOG_PATH = "indexes/catalog.json";
export const SEARCH_INDEX_PATH = "indexes/search-index.json";
export const CATEGORIES_PATH = "indexes/categories.json";
export const FEATURED_PATH = "indexes/featured.json";
export const TRENDING_PATH = "indexes/trending.json";
export const DISCOVERY_PATH = ".well-known/cws-marketplace.json";

/** The static API's list endpoints that are files of their own (GET templates is catalog.json). */
export const API_TEMPLATES_INDEX = `${API_ROOT}/templates/index.json`;
export const API_CATEGORIES_INDEX = `${API_ROOT}/categories/index.json`;
export const API_FEATURED_INDEX = `${API_ROOT}/featured/index.json`;

/** A template's directory in the tree: metadata.json, documentation.md, screenshots/, validation-tests/, versions/. */
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

/** The static API's page of a template's latest reviews. */
export function reviewsPagePath(id: string): string {
  return `${API_ROOT}/templates/${id}/reviews/index.json`;
}

/** URL path of a live endpoint under API_BASE, e.g. apiPath(`/templates/${id}/usage`). */
export function apiPath(path: string): string {
  return `${API_BASE}${path}`;
}

/** URL of a live endpoint on an API origin (a trailing slash on the origin is ignored). */
export function apiUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}${apiPath(path)}`;
}

const API_ROOT_PATTERN = API_ROOT.replace(/\//g, "\\/");
/** Tree path of the static API's template list: API_ROOT/templates, with or without / or /index.json. */
export const STATIC_API_LIST = new RegExp(`^${API_ROOT_PATTERN}\\/templates(?:\\/|\\/index\\.json)?$`);
/** Tree path of a template's static API record: API_ROOT/templates/<id>, with or without / or /index.json. */
export const STATIC_API_RECORD = new RegExp(`^${API_ROOT_PATTERN}\\/templates\\/([a-z0-9-]+)(?:\\/|\\/index\\.json)?$`);
/** Any template's metadata.json and documentation.md, as tree paths. */
export const TEMPLATE_METADATA = /^templates\/[^/]+\/metadata\.json$/;
export const TEMPLATE_DOCS = /^templates\/[^/]+\/documentation\.md$/;
/** The reviews page of any template, as a tree path. */
export const REVIEWS_PAGE = new RegExp(`^${API_ROOT_PATTERN}\\/templates\\/[^/]+\\/reviews\\/index\\.json$`);
