import type { Dirent } from "node:fs";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * s3rver 3.7's bucket listing, replaced at runtime (node_modules stays untouched) because on
 * Node 20 it is wrong in two ways that a registry of more than a few hundred templates hits:
 *
 * - ListObjectsV2 continuation tokens are DES-encrypted, which OpenSSL 3 refuses, so any listing
 *   longer than one page (1,000 keys) answers HTTP 500.
 * - It walks folders in name order but pages by "keys after the last one", and the two orders
 *   disagree wherever one key continues with "-" and another with "/", so keys go missing at page
 *   boundaries. S3 lists keys in UTF-8 binary order.
 *
 * The replacement walks the store in key order (UTF-8 binary), pruning folders outside the prefix
 * or wholly before the start key, and pages with plain tokens (base64url of the last key or common
 * prefix returned: the local emulator has nothing to hide).
 */

const OBJECT_SUFFIX = "._S3rver_object";
const TOKEN_PREFIX = "cws-s3rver:";

/** UTF-8 binary order (the same as code point order): UTF-16 code units misorder surrogates against U+E000–U+FFFF. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function encodeToken(key: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${key}`, "utf8").toString("base64url");
}

/** The key a token continues after, or undefined when it is not one of ours. */
export function decodeToken(token: string): string | undefined {
  const text = Buffer.from(token, "base64url").toString("utf8");
  return text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : undefined;
}

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  maxKeys?: number;
}

export type ListEntry = { key: string } | { commonPrefix: string };

/**
 * The keys and common prefixes of a bucket folder after `startAfter`, in S3's order, at most
 * maxKeys of them (keys and common prefixes count alike, as in S3), and whether more follow.
 */
export function listBucketFolder(bucketPath: string, options: ListOptions): { entries: ListEntry[]; isTruncated: boolean } {
  const prefix = options.prefix ?? "";
  const delimiter = options.delimiter ?? "";
  const startAfter = options.startAfter ?? "";
  const maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY;
  const entries: ListEntry[] = [];
  let lastPrefix: string | undefined;

  // Returns false once the page is full and one more entry exists (so the listing is truncated).
  const emit = (entry: ListEntry): boolean => {
    if (entries.length >= maxKeys) return false;
    entries.push(entry);
    return true;
  };
  // The common prefix a key or folder rolls up into, if the delimiter applies to it.
  const rollUp = (path: string): string | undefined => {
    if (!delimiter || !path.startsWith(prefix)) return undefined;
    const at = path.indexOf(delimiter, prefix.length);
    return at === -1 ? undefined : path.slice(0, at + delimiter.length);
  };
  const emitPrefix = (cp: string): boolean => {
    if (cp === lastPrefix || compareKeys(cp, startAfter) <= 0) return true;
    lastPrefix = cp;
    return emit({ commonPrefix: cp });
  };

  const walk = (dir: string, keyPrefix: string): boolean => {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(dir, { withFileTypes: true });
    } catch {
      return true;
    }
    const items: { sortKey: string; name: string; isDir: boolean }[] = [];
    for (const d of dirents) {
      if (d.isDirectory()) items.push({ sortKey: `${keyPrefix}${d.name}/`, name: d.name, isDir: true });
      else if (d.name.endsWith(OBJECT_SUFFIX)) items.push({ sortKey: `${keyPrefix}${d.name.slice(0, -OBJECT_SUFFIX.length)}`, name: d.name, isDir: false });
    }
    items.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
    for (const item of items) {
      const path = item.sortKey;
      if (item.isDir) {
        if (!path.startsWith(prefix) && !prefix.startsWith(path)) continue;
        // Every key below starts with path, so all of them sort before startAfter unless it is inside.
        if (compareKeys(path, startAfter) < 0 && !startAfter.startsWith(path)) continue;
        const cp = rollUp(path);
        if (cp !== undefined && cp.length <= path.length) {
          if (!emitPrefix(cp)) return false;
          continue;
        }
        if (!walk(join(dir, item.name), path)) return false;
      } else {
        if (!path.startsWith(prefix) || compareKeys(path, startAfter) <= 0) continue;
        const cp = rollUp(path);
        if (!(cp !== undefined ? emitPrefix(cp) : emit({ key: path }))) return false;
      }
    }
    return true;
  };

  const complete = walk(bucketPath, "");
  return { entries, isTruncated: !complete };
}

interface S3rverStore {
  getBucketPath(bucket: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
}
interface KoaContext {
  query: Record<string, string | string[] | undefined>;
  params: { bucket: string };
  body: unknown;
}
interface StoredObject {
  key: string;
  size: number;
  lastModifiedDate: Date;
  metadata: Record<string, string>;
}
interface Listed {
  objects: StoredObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of the page, where the next page starts after. */
  lastEntry?: string;
}

let installed = false;

/** Replaces s3rver's listing (store and ListObjectsV2 handler). Idempotent; call before the first request. */
export function installS3rverListing(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const FilesystemStore = require("s3rver/lib/stores/filesystem") as { prototype: S3rverStore & Record<string, unknown> };
  const S3Object = require("s3rver/lib/models/object") as new (bucket: string, key: string, content: null, metadata: Record<string, string>) => StoredObject;
  const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: { id: string; displayName: string } };
  const S3Error = require("s3rver/lib/models/error") as new (code: string, message: string, detail?: Record<string, unknown>) => Error;
  const bucketCtrl = require("s3rver/lib/controllers/bucket") as { getBucket: (ctx: KoaContext) => Promise<void> };

  FilesystemStore.prototype.listObjects = async function listObjects(this: S3rverStore, bucket: string, options: ListOptions): Promise<Listed> {
    const { entries, isTruncated } = listBucketFolder(this.getBucketPath(bucket), options);
    const objects: StoredObject[] = [];
    const commonPrefixes: string[] = [];
    const keys = entries.flatMap((e) => ("key" in e ? [e.key] : []));
    const metadata = await Promise.all(
      keys.map((key) =>
        this.getMetadata(bucket, key).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return undefined;
          throw error;
        }),
      ),
    );
    keys.forEach((key, i) => {
      const m = metadata[i];
      if (m) objects.push(new S3Object(bucket, key, null, m));
    });
    for (const e of entries) if ("commonPrefix" in e) commonPrefixes.push(e.commonPrefix);
    const lastEntry = entries.at(-1);
    return { objects, commonPrefixes, isTruncated, ...(lastEntry ? { lastEntry: "key" in lastEntry ? lastEntry.key : lastEntry.commonPrefix } : {}) };
  };

  // GET Bucket, both versions, in place of s3rver's (which needs DES for version 2 and crashes on
  // a truncated version 1 page that ends with a common prefix).
  bucketCtrl.getBucket = async function getBucket(ctx: KoaContext) {
    const q = (name: string) => (typeof ctx.query[name] === "string" ? (ctx.query[name] as string) : undefined);
    const v2 = q("list-type") === "2";
    const invalid = (message: string, argument: string) => new S3Error("InvalidArgument", message, { ArgumentName: argument });
    const maxKeysText = q("max-keys");
    let maxKeys = 1000;
    if (maxKeysText !== undefined) {
      if (!/^-?\d+$/.test(maxKeysText)) throw invalid("Provided max-keys not an integer or within integer range", "max-keys");
      const n = Number(maxKeysText);
      if (n < 0 || n > 2147483647) throw invalid("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys");
      maxKeys = Math.min(1000, n);
    }
    const token = v2 ? (q("continuation-token") ?? "") : "";
    let startAfter: string | undefined;
    if (v2) {
      if ("marker" in ctx.query) throw invalid("Marker unsupported with REST.GET.BUCKET in list-type=2", "marker");
      startAfter = token ? decodeToken(token) : q("start-after");
      if (token && startAfter === undefined) throw invalid("The continuation token provided is incorrect", "continuation-token");
    } else {
      if ("continuation-token" in ctx.query) throw invalid("continuation-token only supported in REST.GET.BUCKET with list-type=2", "continuation-token");
      if ("start-after" in ctx.query) throw invalid("startAfter only supported in REST.GET.BUCKET with list-type=2", "start-after");
      startAfter = q("marker");
    }
    const prefix = q("prefix") || undefined;
    const delimiter = q("delimiter") || undefined;
    const store = (ctx as unknown as { store: S3rverStore & { listObjects(b: string, o: ListOptions): Promise<Listed> } }).store;
    const result: Listed =
      maxKeys === 0
        ? { objects: [], commonPrefixes: [], isTruncated: false }
        : await store.listObjects(ctx.params.bucket, {
            ...(prefix ? { prefix } : {}),
            ...(delimiter ? { delimiter } : {}),
            ...(startAfter ? { startAfter } : {}),
            maxKeys,
          });
    const last = result.lastEntry;
    const fetchOwner = v2 ? q("fetch-owner") === "true" : true;
    ctx.body = {
      ListBucketResult: {
        "@": { xmlns: "http://doc.s3.amazonaws.com/2006-03-01/" },
        Name: ctx.params.bucket,
        Prefix: prefix ?? "",
        ...(v2
          ? {
              StartAfter: token ? undefined : startAfter,
              ContinuationToken: token || undefined,
              NextContinuationToken: result.isTruncated && last !== undefined ? encodeToken(last) : undefined,
              KeyCount: result.objects.length + result.commonPrefixes.length,
            }
          : { Marker: startAfter ?? "", NextMarker: delimiter && result.isTruncated ? last : undefined }),
        MaxKeys: maxKeysText ?? 1000,
        Delimiter: delimiter,
        IsTruncated: result.isTruncated,
        Contents: result.objects.map((o) => ({
          Key: o.key,
          LastModified: o.lastModifiedDate.toISOString(),
          ETag: o.metadata.etag,
          Size: o.size,
          Owner: fetchOwner ? { ID: DUMMY_ACCOUNT.id, DisplayName: DUMMY_ACCOUNT.displayName } : undefined,
          StorageClass: "STANDARD",
        })),
        CommonPrefixes: result.commonPrefixes.map((p) => ({ Prefix: p })),
      },
    };
  };
}
