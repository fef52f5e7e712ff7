import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startS3rver } from "../../apps/local/emulators.js";
import { compareKeys } from "../../apps/local/s3rver-listing.js";
import { LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";

const BUCKET = "cdn";
// Keys where s3rver's folder walk and S3's order disagree ("-" sorts before "/"), and keys whose
// UTF-16 order differs from UTF-8's (an astral character against one from U+E000 up).
const TRICKY = [
  "templates/scan-nilearn/metadata.json",
  "templates/scan-nilearn-gpu/metadata.json",
  "templates/scan-nilearn.json",
  "templates/scan-nilearn/readme/index.html",
  "zz/\u{1F600}.txt",
  "zz/\uE000.txt",
  "zz/\uFFFD.txt",
  "zz/plain.txt",
];
// 1,150 more: past s3rver's 1,000-key page, in a layout like a registry's tree.
const BULK = Array.from({ length: 1150 }, (_, i) => `templates/t-${String(i % 230).padStart(3, "0")}${i % 3 === 0 ? "-gpu" : ""}/${i}.json`);
const KEYS = [...new Set([...TRICKY, ...BULK])];
const utf8Order = (keys: readonly string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

let dir: string;
let s3: Emulator;
let client: S3Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cws-s3rver-listing-"));
  s3 = await startS3rver({ directory: dir, buckets: [BUCKET] });
  client = s3Client({ endpoint: s3.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  const queue = [...KEYS];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
      }
    }),
  );
}, 120_000);
afterAll(async () => {
  client?.destroy();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function listAll(input: { Prefix?: string; Delimiter?: string; StartAfter?: string }, pageSize?: number) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let pages = 0;
  for await (const page of paginateListObjectsV2({ client, ...(pageSize ? { pageSize } : {}) }, { Bucket: BUCKET, ...input })) {
    pages++;
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) prefixes.push(p.Prefix);
  }
  return { keys, prefixes, pages };
}

describe("s3rver listing in the local emulator", () => {
  it("orders keys in UTF-8 binary order, not UTF-16's", () => {
    expect(compareKeys("a-b", "a/b")).toBeLessThan(0);
    expect(compareKeys("\uE000", "\u{1F600}")).toBeLessThan(0);
    expect("\uE000" < "\u{1F600}").toBe(false);
    expect(compareKeys("ab", "abc")).toBeLessThan(0);
    expect(compareKeys("x", "x")).toBe(0);
  });

  it("lists more than 1,000 objects through ListObjectsV2 pagination, every key once, in S3's order", async () => {
    const all = await listAll({});
    expect(all.pages).toBe(2);
    expect(all.keys).toEqual(utf8Order(KEYS));
  });

  it("keeps the order and loses no key across small pages that split tricky neighbours", async () => {
    for (const pageSize of [1, 3, 7]) {
      const listed = await listAll({ Prefix: pageSize === 1 ? "templates/scan" : "zz/" }, pageSize);
      expect(listed.keys).toEqual(utf8Order(KEYS.filter((k) => k.startsWith(pageSize === 1 ? "templates/scan" : "zz/"))));
    }
    const small = await listAll({}, 97);
    expect(small.keys).toEqual(utf8Order(KEYS));
    expect(small.pages).toBe(Math.ceil(KEYS.length / 97));
  });

  it("starts after a key and rolls keys up into common prefixes, counting them toward a page", async () => {
    const after = await listAll({ StartAfter: "templates/scan-nilearn-gpu/metadata.json" });
    expect(after.keys).toEqual(utf8Order(KEYS).filter((k) => compareKeys(k, "templates/scan-nilearn-gpu/metadata.json") > 0));
    const folders = await listAll({ Prefix: "templates/", Delimiter: "/" }, 50);
    const expected = [...new Set(KEYS.filter((k) => k.startsWith("templates/") && k.indexOf("/", 10) !== -1).map((k) => k.slice(0, k.indexOf("/", 10) + 1)))];
    expect(folders.prefixes).toEqual(utf8Order(expected));
    expect(folders.keys).toEqual(["templates/scan-nilearn.json"]);
    expect(folders.pages).toBe(Math.ceil((expected.length + 1) / 50));
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "templates/", Delimiter: "/", MaxKeys: 5 }));
    expect(page.KeyCount).toBe(5);
    expect(page.IsTruncated).toBe(true);
  });

  it("refuses a continuation token it did not issue, and keeps version 1 listings working", async () => {
    await expect(client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: "bm90LW91cnM" }))).rejects.toThrow(/continuation token/i);
    const v1 = await client.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: "zz/" }));
    expect((v1.Contents ?? []).map((o) => o.Key)).toEqual(utf8Order(TRICKY.filter((k) => k.startsWith("zz/"))));
  });
});
