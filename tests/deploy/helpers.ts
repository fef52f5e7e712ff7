import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { startS3rver } from "../../apps/local/emulators.js";
import { LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import type { PublishedTemplate } from "../../core/types/generated.js";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const BUCKET = "cdn";

const temps: string[] = [];
export function tempDir(prefix = "cws-publish-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

export function hashedKey(path: string, content: string | Uint8Array): string {
  const slash = path.lastIndexOf("/");
  return `${path.slice(0, slash + 1)}${sha256(content)}.${path.slice(slash + 1)}`;
}

/**
 * A seeded registry template with some build-time fields. Publish reads only the catalog fields,
 * so the record does not track every computed field the published schema grows.
 */
export function publishedRecord(id = "astronomy-astropy", overrides: Partial<PublishedTemplate> = {}): PublishedTemplate {
  const authored = JSON.parse(readFileSync(join(ROOT, "registry/templates", id, "template.json"), "utf8")) as PublishedTemplate;
  return {
    ...authored,
    rating: 4.5,
    reviews: 2,
    downloads: 10,
    last_updated: "2025-01-02T03:04:05Z",
    ami_available: false,
    featured: false,
    ...overrides,
  } as PublishedTemplate;
}

export type Targets = Record<string, string | Uint8Array>;

/**
 * Writes a synthetic signed tree the way the build lays it out: every target at its path and
 * as a hash-prefixed copy, versioned root/targets/snapshot metadata, root.json and timestamp.json.
 * Signatures are not real: publish never reads them.
 */
export function writeTree(dir: string, targets: Targets, version: number): void {
  rmSync(dir, { recursive: true, force: true });
  const put = (key: string, content: string | Uint8Array) => {
    const path = join(dir, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };
  const entries: Record<string, { length: number; hashes: { sha256: string } }> = {};
  for (const [path, content] of Object.entries(targets)) {
    put(path, content);
    put(hashedKey(path, content), content);
    entries[path] = { length: Buffer.byteLength(content), hashes: { sha256: sha256(content) } };
  }
  const root = JSON.stringify({ signed: { _type: "root", version: 1, consistent_snapshot: true } });
  put("metadata/1.root.json", root);
  put("metadata/root.json", root);
  put(`metadata/${version}.targets.json`, JSON.stringify({ signed: { _type: "targets", version, targets: entries } }));
  put(`metadata/${version}.snapshot.json`, JSON.stringify({ signed: { _type: "snapshot", version, meta: { "targets.json": { version } } } }));
  put("metadata/timestamp.json", JSON.stringify({ signed: { _type: "timestamp", version, meta: { "snapshot.json": { version } } } }));
}

/** A small catalog-shaped target set with one template. */
export function baseTargets(record: PublishedTemplate = publishedRecord()): Targets {
  const id = record.template_id;
  return {
    [`templates/${id}/metadata.json`]: `${JSON.stringify(record, null, 2)}\n`,
    [`templates/${id}/documentation.md`]: `# ${record.name}\n`,
    [`templates/${id}/screenshots/main.png`]: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    [`templates/${id}/validation-tests/tests.json`]: "[]\n",
    "indexes/catalog.json": `{"templates":["${id}"]}\n`,
    "indexes/search-index.json": "{}\n",
    [`api/v1/marketplace/templates/${id}/index.json`]: `{"id":"${id}"}\n`,
    "index.html": "<!doctype html><title>Marketplace</title>\n",
    "sitemap.xml": "<urlset/>\n",
  };
}

export async function startS3(): Promise<{ endpoint: string; client: S3Client; close(): Promise<void> }> {
  const s3 = await startS3rver({ directory: tempDir("cws-s3rver-"), buckets: [BUCKET] });
  const client = s3Client({ endpoint: s3.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  return {
    endpoint: s3.endpoint,
    client,
    close: async () => {
      client.destroy();
      await s3.close();
    },
  };
}

/** Every key in the bucket (under a prefix) with its ETag. */
export async function listBucket(client: S3Client, prefix = ""): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) out.set((o.Key ?? "").slice(prefix.length), o.ETag ?? "");
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

export async function getText(client: S3Client, key: string): Promise<string> {
  const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await response.Body?.transformToString("utf8")) ?? "";
}

/** Records the key of every PutObject a client sends, in order. */
export function recordPuts(client: S3Client): string[] {
  const keys: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "PutObjectCommand") keys.push((args.input as { Key: string }).Key);
      return next(args);
    },
    { step: "initialize", name: "recordPuts" },
  );
  return keys;
}
