/**
 * The identifier patterns of the schemas (schemas/template.schema.json, review.schema.json),
 * for code that must check or explain an id before ajv does. tests/spec checks they equal the
 * schemas' own patterns.
 */

/** Template ids: 3-64 characters, lower-case letters, digits and single hyphens. */
export const TEMPLATE_ID = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,62}[a-z0-9]$/;

/** Handles (owners, reviewers, reporters, publishers): GitHub-style, at most 39 characters. */
export const HANDLE = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/;

/** Semantic Versioning 2.0.0; groups 1-3 are major, minor, patch, 4 the prerelease, 5 the build. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
