/**
 * CloudFront paths for keys whose content changed at a stable URL. Paths are relative to the
 * published tree: the distribution's origin path is expected to point at the bucket prefix.
 */

/** CloudFront accepts at most this many paths per invalidation before we fall back to `/*`. */
export const MAX_INVALIDATION_PATHS = 1000;

const DIRECTORY_INDEXES = new Set(["index.json", "index.html"]);

// CloudFront reads `*` as a wildcard and wants unsafe characters URL-encoded.
function encodePath(key: string): string {
  return `/${key
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/\*/g, "%2A"))
    .join("/")}`;
}

/** The paths a client may have fetched `key` under: a directory index also answers at its directory. */
export function pathsForKey(key: string): string[] {
  const path = encodePath(key);
  const slash = key.lastIndexOf("/");
  const name = key.slice(slash + 1);
  if (!DIRECTORY_INDEXES.has(name)) return [path];
  if (slash < 0) return [path, "/"];
  const dir = encodePath(key.slice(0, slash));
  return [path, dir, `${dir}/`];
}

export function invalidationPaths(keys: Iterable<string>): string[] {
  const paths = new Set<string>();
  for (const key of keys) for (const path of pathsForKey(key)) paths.add(path);
  if (paths.size > MAX_INVALIDATION_PATHS) return ["/*"];
  return [...paths].sort();
}
