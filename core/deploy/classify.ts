/**
 * How each key of the published tree is served and in which order it is uploaded. Pure: the
 * answer depends only on the key, so the plan, the dry run and the tests agree.
 */

/**
 * Upload tiers, in order. A reader walks timestamp → snapshot → targets → hashed target, so
 * every object a newer pointer names must already be in place when that pointer appears: a
 * publish killed half-way then leaves the old timestamp pointing at a complete old state.
 */
export const TIERS = {
  /** `dir/<sha256>.name`: content-addressed, so new copies never disturb readers. */
  hashedTargets: 0,
  /** `metadata/<N>.root.json`, `metadata/<V>.targets.json` and hash bins `metadata/<V>.bins-xx.json`. */
  versionedMetadata: 1,
  /** `metadata/<V>.snapshot.json`, which names the targets metadata versions. */
  snapshot: 2,
  /** Plain readable paths (indexes, API, site, `metadata/root.json`). */
  mutable: 3,
  /** `metadata/timestamp.json`, the pointer clients poll; last so it never points ahead. */
  timestamp: 4,
} as const;

export type Tier = (typeof TIERS)[keyof typeof TIERS];
export const TIER_ORDER: readonly Tier[] = [0, 1, 2, 3, 4];
export const TIER_NAMES: Record<Tier, string> = {
  0: "hashed targets",
  1: "versioned metadata",
  2: "snapshot",
  3: "mutable files",
  4: "timestamp",
};

export interface ObjectClass {
  contentType: string;
  cacheControl: string;
  tier: Tier;
}

/**
 * Bumped whenever the headers chosen below change for existing keys: the publish state records
 * it, and a different value makes the next publish re-upload everything so S3 carries the new
 * headers (a listing shows ETags, not headers, so it could not tell otherwise).
 */
export const CLASSIFY_RULES_VERSION = 1;

export const CACHE = {
  immutable: "public, max-age=31536000, immutable",
  timestamp: "public, max-age=60",
  html: "public, max-age=60, must-revalidate",
  plain: "public, max-age=300",
} as const;

export const TIMESTAMP_KEY = "metadata/timestamp.json";

const HASHED_NAME = /^[0-9a-f]{64}\.[^/]+$/;
const VERSIONED_METADATA = /^metadata\/\d+\.[^/]+\.json$/;
const VERSIONED_SNAPSHOT = /^metadata\/\d+\.snapshot\.json$/;
const VERSIONED_ROOT = /^metadata\/\d+\.root\.json$/;

const CONTENT_TYPES: Record<string, string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  svg: "image/svg+xml; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  ico: "image/x-icon",
};

export function baseName(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1);
}

export function extension(key: string): string {
  const name = baseName(key);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** True for a TUF consistent-snapshot copy, `dir/<64 hex sha256>.name`. */
export function isHashedTarget(key: string): boolean {
  return HASHED_NAME.test(baseName(key));
}

export function contentTypeFor(key: string): string {
  return CONTENT_TYPES[extension(key)] ?? "application/octet-stream";
}

export function classifyKey(key: string): ObjectClass {
  const contentType = contentTypeFor(key);
  // Astro names its bundles by content hash too; upload them with the other immutable objects so
  // no page ever points at a script or stylesheet that is not there yet.
  if (isHashedTarget(key) || key.startsWith("_astro/")) return { contentType, cacheControl: CACHE.immutable, tier: TIERS.hashedTargets };
  if (key === TIMESTAMP_KEY) return { contentType, cacheControl: CACHE.timestamp, tier: TIERS.timestamp };
  if (VERSIONED_SNAPSHOT.test(key)) return { contentType, cacheControl: CACHE.immutable, tier: TIERS.snapshot };
  if (VERSIONED_METADATA.test(key)) return { contentType, cacheControl: CACHE.immutable, tier: TIERS.versionedMetadata };
  const ext = extension(key);
  const cacheControl = ext === "html" || ext === "htm" ? CACHE.html : CACHE.plain;
  return { contentType, cacheControl, tier: TIERS.mutable };
}

/**
 * Keys publish never deletes, even when a build no longer contains them: TUF clients update
 * their trusted root one version at a time (N+1.root.json, N+2...), so a missing old root
 * version would strand every client that still trusts an older one.
 */
export function isPermanent(key: string): boolean {
  return VERSIONED_ROOT.test(key);
}

/** Mutable objects are served at stable paths, so a new version must be pushed out of the CDN. */
export function isMutableTier(tier: Tier): boolean {
  return tier === TIERS.mutable || tier === TIERS.timestamp;
}
