/**
 * Byte-stable JSON for TUF metadata. @tufjs/models emits keys in insertion order, and that order
 * depends on how an object was built, so every file we publish goes through sortKeys: the same
 * metadata then always has the same bytes, which makes builds reproducible and lets CDN caches
 * treat versioned files as immutable.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) out[key] = sortKeys(child);
    }
    return out;
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

/**
 * The compact sorted form. For objects whose strings are plain printable ASCII (key types, hex
 * key material) this is exactly the OLPC canonical JSON that TUF key ids are computed over.
 */
export function compactSortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
