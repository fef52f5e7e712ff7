import { createHash } from "node:crypto";
import { CACHE, classifyKey } from "../deploy/classify.js";
import { CwsError, EXIT } from "../errors.js";

/**
 * The build manifest: every file of a built tree with its sha256, size, MD5 (what S3 ETags are)
 * and cache class. The build writes it next to the tree's files, publish plans from it without
 * reading or hashing the tree, and the next build compares against it to rewrite only files
 * whose bytes changed. It is not a target: nothing under `_publish/` is ever served.
 */
export const MANIFEST_PATH = "_publish/manifest.json";
export const MANIFEST_FORMAT = 1;

export type CacheClass = keyof typeof CACHE;

export interface ManifestEntry {
  sha256: string;
  size: number;
  md5: string;
  cache: CacheClass;
}

export interface BuildManifest {
  format: typeof MANIFEST_FORMAT;
  /** Tree path → entry, sorted by path. */
  files: Map<string, ManifestEntry>;
}

const CACHE_CLASS = new Map<string, CacheClass>(Object.entries(CACHE).map(([name, header]) => [header, name as CacheClass]));

export function cacheClassOf(path: string): CacheClass {
  return CACHE_CLASS.get(classifyKey(path).cacheControl) ?? "plain";
}

export interface Digest {
  sha256: string;
  md5: string;
}

// By byte array: a target and its hash-prefixed copy share one array, and a template output the
// render cache read back (render-cache.ts) arrives with the digests it was stored with.
const digests = new WeakMap<Uint8Array, Digest>();

/** sha256 and MD5 of a byte array, computed once per array. */
export function digestOf(bytes: Uint8Array): Digest {
  let digest = digests.get(bytes);
  if (!digest) {
    digest = { sha256: createHash("sha256").update(bytes).digest("hex"), md5: createHash("md5").update(bytes).digest("hex") };
    digests.set(bytes, digest);
  }
  return digest;
}

/** Records the digests of bytes whose digests are already known (a trusted cache's). */
export function rememberDigest(bytes: Uint8Array, digest: Digest): void {
  digests.set(bytes, digest);
}

/** The manifest of a tree. */
export function manifestFor(files: ReadonlyMap<string, Uint8Array>): BuildManifest {
  const out = new Map<string, ManifestEntry>();
  for (const path of [...files.keys()].sort()) {
    const bytes = files.get(path) as Uint8Array;
    const { sha256, md5 } = digestOf(bytes);
    out.set(path, { sha256, md5, size: bytes.length, cache: cacheClassOf(path) });
  }
  return { format: MANIFEST_FORMAT, files: out };
}

/** One line per file, so the manifest of 80,000 files stays cheap to write, diff and parse. */
export function serializeManifest(manifest: BuildManifest): string {
  const lines = [...manifest.files].map(
    ([path, e]) => `${JSON.stringify(path)}:${JSON.stringify({ sha256: e.sha256, size: e.size, md5: e.md5, cache: e.cache })}`,
  );
  return `{"format":${manifest.format},"files":{\n${lines.join(",\n")}\n}}\n`;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;

/** Parses a manifest; anything malformed is a clear error naming the file and the entry. */
export function parseManifest(text: string, where: string): BuildManifest {
  const invalid = (why: string) =>
    new CwsError("BUILD_MANIFEST_INVALID", `${where} is not a build manifest (${why})`, "rebuild the tree (npm run build), which rewrites it", EXIT.usage);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const record = data as { format?: unknown; files?: unknown } | null;
  if (typeof record !== "object" || record === null) throw invalid("not an object");
  if (record.format !== MANIFEST_FORMAT) throw invalid(`unknown format ${JSON.stringify(record.format)}`);
  if (typeof record.files !== "object" || record.files === null || Array.isArray(record.files)) throw invalid("files is not an object");
  const files = new Map<string, ManifestEntry>();
  for (const [path, value] of Object.entries(record.files as Record<string, unknown>)) {
    const e = value as Partial<ManifestEntry> | null;
    const ok =
      typeof e === "object" &&
      e !== null &&
      typeof e.sha256 === "string" &&
      HEX64.test(e.sha256) &&
      typeof e.md5 === "string" &&
      HEX32.test(e.md5) &&
      Number.isSafeInteger(e.size) &&
      (e.size as number) >= 0 &&
      typeof e.cache === "string" &&
      Object.hasOwn(CACHE, e.cache);
    if (!ok) throw invalid(`the entry for ${JSON.stringify(path)} needs sha256, md5, a size and a cache class`);
    files.set(path, { sha256: e.sha256 as string, size: e.size as number, md5: e.md5 as string, cache: e.cache as CacheClass });
  }
  return { format: MANIFEST_FORMAT, files };
}
