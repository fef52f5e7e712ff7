/**
 * Byte-stable JSON for TUF metadata. JSON.stringify keeps insertion order, which depends on how
 * an object was built (and @tufjs/models' toJSON has its own order), so every file we publish
 * goes through sortKeys: the same metadata then always has the same bytes, which makes builds
 * reproducible and lets CDN caches treat versioned files as immutable.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // fromEntries defines own properties, so even a key named "__proto__" survives.
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    // Canonical JSON (what TUF signs) has no floats; failing here beats an unverifiable signature.
    throw new TypeError(`TUF metadata numbers must be integers, got ${value}`);
  }
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  throw new TypeError(`cannot encode ${typeof value} as TUF metadata JSON`);
}

/** Indented (readable in a browser or a diff) and newline-terminated. */
export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(sortKeys(value), null, 2)}\n`);
}
