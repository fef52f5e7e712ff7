import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { CACHE, classifyKey, TIERS } from "../../core/deploy/classify.js";
import { INVENTORY_KEY, PENDING_KEY } from "../../core/deploy/inventory.js";
import { type PublishOptions, publishTree } from "../../core/deploy/publish-tree.js";
import { RESERVED_PREFIX, STATE_KEY } from "../../core/deploy/state.js";
import { BUCKET, baseTargets, getText, hashedKey, listBucket, recordPuts, removeTemps, startS3, type Targets, tempDir, writeTree } from "./helpers.js";

const DAY = 86_400_000;
const T0 = new Date("2025-03-01T12:00:00Z");
let s3: Awaited<ReturnType<typeof startS3>>;
let prefix = "";
let dir = "";

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
  removeTemps();
});
let run = 0;
beforeEach(() => {
  // Each test publishes under its own prefix, so tests share one s3rver without seeing each other.
  prefix = `site-${++run}/`;
  dir = tempDir();
});

/** Publishes `dir` through a fresh client whose PUT keys are recorded (prefix stripped). */
async function publish(options: Partial<PublishOptions> = {}) {
  const client = s3Client({ endpoint: s3.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
  const puts = recordPuts(client);
  try {
    const result = await publishTree({ dir, bucket: BUCKET, prefix, dynamodb: false, now: T0, clients: { s3: client }, ...options });
    return { result, puts: puts.map((k) => k.slice(prefix.length)) };
  } catch (error) {
    return { error, puts: puts.map((k) => k.slice(prefix.length)) };
  }
}

async function ok(options: Partial<PublishOptions> = {}) {
  const outcome = await publish(options);
  if ("error" in outcome) throw outcome.error;
  return outcome;
}

const treeKeys = (targets: Targets, version: number) =>
  [
    ...Object.keys(targets),
    ...Object.entries(targets).map(([k, v]) => hashedKey(k, v)),
    "metadata/1.root.json",
    "metadata/root.json",
    `metadata/${version}.targets.json`,
    `metadata/${version}.snapshot.json`,
    "metadata/timestamp.json",
  ].sort();

describe("publish to S3 (s3rver)", () => {
  it("puts every object in place with its Content-Type and Cache-Control, then a republish uploads nothing", async () => {
    const targets = baseTargets();
    writeTree(dir, targets, 100);
    const first = await ok();
    const expected = treeKeys(targets, 100);
    expect(first.result.plan.uploads.map((u) => u.key).sort()).toEqual(expected);
    expect(first.result.plan.uploads.every((u) => u.reason === "new")).toBe(true);

    const remote = await listBucket(s3.client, prefix);
    expect([...remote.keys()].sort()).toEqual([...expected, INVENTORY_KEY, STATE_KEY].sort());
    const headers = async (key: string) => {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: prefix + key }));
      return { contentType: head.ContentType, cacheControl: head.CacheControl };
    };
    const hashedDoc = hashedKey("templates/astronomy-astropy/documentation.md", targets["templates/astronomy-astropy/documentation.md"] as string);
    // Spot checks against literal values, so a wrong rule in classify.ts cannot pass by symmetry.
    expect(await headers("metadata/timestamp.json")).toEqual({ contentType: "application/json", cacheControl: "public, max-age=60" });
    expect(await headers("index.html")).toEqual({ contentType: "text/html; charset=utf-8", cacheControl: "public, max-age=60, must-revalidate" });
    expect(await headers("templates/astronomy-astropy/documentation.md")).toEqual({
      contentType: "text/markdown; charset=utf-8",
      cacheControl: "public, max-age=300",
    });
    expect(await headers(hashedDoc)).toEqual({ contentType: "text/markdown; charset=utf-8", cacheControl: CACHE.immutable });
    expect(await headers("metadata/100.snapshot.json")).toEqual({ contentType: "application/json", cacheControl: CACHE.immutable });
    expect(await headers("metadata/root.json")).toEqual({ contentType: "application/json", cacheControl: "public, max-age=300" });
    for (const key of expected) {
      const { contentType, cacheControl } = classifyKey(key);
      expect(await headers(key), key).toEqual({ contentType, cacheControl });
    }

    const second = await ok();
    expect(second.puts).toEqual([]);
    expect(second.result.plan.totals).toMatchObject({ uploadCount: 0, unchangedCount: expected.length, deleteCount: 0 });
    expect(second.result.plan.invalidationPaths).toEqual([]);
  });

  it("uploads only the changed file, its hashed copy and the changed metadata, timestamp last", async () => {
    const targets = baseTargets();
    writeTree(dir, targets, 100);
    await ok();
    const doc = "templates/astronomy-astropy/documentation.md";
    const changed = { ...targets, [doc]: "# Astropy, revised\n" };
    writeTree(dir, changed, 101);
    const second = await ok({ now: new Date(T0.getTime() + 3_600_000) });
    const uploaded = second.puts.filter((k) => !k.startsWith(RESERVED_PREFIX));
    expect([...uploaded].sort()).toEqual(
      [doc, hashedKey(doc, "# Astropy, revised\n"), "metadata/101.targets.json", "metadata/101.snapshot.json", "metadata/timestamp.json"].sort(),
    );
    const tiers = uploaded.map((k) => classifyKey(k).tier);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    expect(uploaded.at(-1)).toBe("metadata/timestamp.json");
    // The publisher's own records come after the tree: the state, then the inventory.
    expect(second.puts.slice(-2)).toEqual([STATE_KEY, INVENTORY_KEY]);
    expect(second.result.plan.invalidationPaths).toEqual(["/metadata/timestamp.json", `/${doc}`]);
    expect(second.result.plan.uploads.find((u) => u.key === doc)?.reason).toBe("changed");
  });

  it("leaves the old timestamp.json in place when a publish dies before the timestamp tier", async () => {
    const targets = baseTargets();
    writeTree(dir, targets, 100);
    await ok();
    const oldTimestamp = await getText(s3.client, `${prefix}metadata/timestamp.json`);
    const doc = "templates/astronomy-astropy/documentation.md";
    writeTree(dir, { ...targets, [doc]: "# new text\n" }, 101);

    const killed = await publish({ failBeforeTier: TIERS.timestamp });
    expect(killed).toHaveProperty("error");
    expect(killed.puts).not.toContain("metadata/timestamp.json");
    expect(await getText(s3.client, `${prefix}metadata/timestamp.json`)).toBe(oldTimestamp);
    const remote = await listBucket(s3.client, prefix);
    expect(remote.has(hashedKey(doc, "# new text\n"))).toBe(true);
    expect(remote.has("metadata/101.snapshot.json")).toBe(true);
    expect(remote.has("metadata/100.snapshot.json")).toBe(true);

    // The next run finishes the job: only the timestamp is left to upload.
    const resumed = await ok();
    expect(resumed.puts.filter((k) => !k.startsWith(RESERVED_PREFIX))).toEqual(["metadata/timestamp.json"]);
    expect(await getText(s3.client, `${prefix}metadata/timestamp.json`)).toContain('"version":101');
  });

  it("leaves nothing orphaned by killed publishes: a small journal names their uploads, and no publish lists the bucket", async () => {
    const targets = baseTargets();
    writeTree(dir, targets, 100);
    await ok();
    const inventory = await getText(s3.client, prefix + INVENTORY_KEY);
    const doc = "templates/astronomy-astropy/documentation.md";

    // Two publishes die after uploading their hashed copies, before any metadata.
    writeTree(dir, { ...targets, [doc]: "# first try\n" }, 101);
    expect(await publish({ failBeforeTier: TIERS.versionedMetadata })).toHaveProperty("error");
    // The inventory is not rewritten before uploading; the journal names what was about to go up.
    expect(await getText(s3.client, prefix + INVENTORY_KEY)).toBe(inventory);
    expect(Object.keys(JSON.parse(await getText(s3.client, prefix + PENDING_KEY)).keys)).toContain(hashedKey(doc, "# first try\n"));
    writeTree(dir, { ...targets, [doc]: "# second try\n" }, 102);
    expect(await publish({ failBeforeTier: TIERS.versionedMetadata })).toHaveProperty("error");
    // The second journal still names the first publish's upload, which no inventory lists yet.
    const journal = Object.keys(JSON.parse(await getText(s3.client, prefix + PENDING_KEY)).keys);
    expect(journal).toEqual(expect.arrayContaining([hashedKey(doc, "# first try\n"), hashedKey(doc, "# second try\n")]));

    // The text goes back: both copies are found (a HEAD each), kept for the grace period, then deleted.
    writeTree(dir, targets, 103);
    const commands: string[] = [];
    const client = s3Client({ endpoint: s3.endpoint, credentials: { ...LOCAL_CREDENTIALS } });
    client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(context.commandName ?? "");
        return next(args);
      },
      { step: "initialize", name: "commands" },
    );
    const back = await publishTree({ dir, bucket: BUCKET, prefix, dynamodb: false, now: T0, clients: { s3: client } });
    expect(commands).not.toContain("ListObjectsV2Command");
    expect(back.plan.kept.map((k) => k.key)).toEqual(expect.arrayContaining([hashedKey(doc, "# first try\n"), hashedKey(doc, "# second try\n")]));
    expect((await listBucket(s3.client, prefix)).has(PENDING_KEY)).toBe(false);
    const later = await ok({ now: new Date(T0.getTime() + 8 * DAY) });
    expect(later.result.plan.deletes.map((d) => d.key)).toEqual(expect.arrayContaining([hashedKey(doc, "# first try\n"), hashedKey(doc, "# second try\n")]));
    const remote = await listBucket(s3.client, prefix);
    expect(remote.has(hashedKey(doc, "# first try\n")) || remote.has(hashedKey(doc, "# second try\n"))).toBe(false);
  });

  it("keeps stale objects for the grace period, deletes them after it, and un-stales returning ones", async () => {
    const targets = baseTargets();
    const extra = { ...targets, "indexes/trending.json": "[1]\n", "indexes/featured.json": "[2]\n" };
    writeTree(dir, extra, 100);
    await ok();

    // Day 0: both indexes leave the tree (and version 100 metadata is superseded).
    writeTree(dir, targets, 101);
    const day0 = await ok();
    expect(day0.result.plan.deletes).toEqual([]);
    const staleKeys = Object.keys(JSON.parse(await getText(s3.client, prefix + STATE_KEY)).stale);
    expect(staleKeys).toEqual(
      expect.arrayContaining(["indexes/trending.json", "indexes/featured.json", hashedKey("indexes/trending.json", "[1]\n"), "metadata/100.snapshot.json"]),
    );
    expect((await listBucket(s3.client, prefix)).has("indexes/trending.json")).toBe(true);

    // Day 3: featured comes back; trending is still within its grace period.
    writeTree(dir, { ...targets, "indexes/featured.json": "[2]\n" }, 102);
    const day3 = await ok({ now: new Date(T0.getTime() + 3 * DAY) });
    expect(day3.result.plan.deletes).toEqual([]);
    // Only the new version's metadata: the returning file and its hashed copy are still in the bucket.
    expect(day3.puts.filter((k) => !k.startsWith(RESERVED_PREFIX)).sort()).toEqual([
      "metadata/102.snapshot.json",
      "metadata/102.targets.json",
      "metadata/timestamp.json",
    ]);
    const state3 = JSON.parse(await getText(s3.client, prefix + STATE_KEY));
    expect(state3.stale["indexes/featured.json"]).toBeUndefined();
    expect(state3.stale["indexes/trending.json"]).toEqual({ stale_since: T0.toISOString() });

    // Day 7 + 1 s: trending has been stale longer than 7 days and goes; featured stays.
    writeTree(dir, targets, 103);
    const day7 = await ok({ now: new Date(T0.getTime() + 7 * DAY + 1000) });
    const remote = await listBucket(s3.client, prefix);
    expect(day7.result.plan.deletes.map((d) => d.key)).toContain("indexes/trending.json");
    expect(remote.has("indexes/trending.json")).toBe(false);
    expect(remote.has(hashedKey("indexes/trending.json", "[1]\n"))).toBe(false);
    expect(remote.has("metadata/100.snapshot.json")).toBe(false);
    // featured was un-staled on day 3, so its new grace period started at day 7.
    expect(remote.has("indexes/featured.json")).toBe(true);
    expect(remote.has("metadata/1.root.json")).toBe(true);
    const state7 = JSON.parse(await getText(s3.client, prefix + STATE_KEY));
    expect(state7.stale["indexes/featured.json"]).toEqual({ stale_since: new Date(T0.getTime() + 7 * DAY + 1000).toISOString() });
    expect(state7.stale["metadata/101.snapshot.json"]).toEqual({ stale_since: new Date(T0.getTime() + 3 * DAY).toISOString() });
    expect(state7.stale["indexes/trending.json"]).toBeUndefined();
  });

  it("refuses a tree whose hashed copy does not match its name, or whose record is broken, before uploading", async () => {
    const targets = baseTargets();
    writeTree(dir, targets, 100);
    const doc = "templates/astronomy-astropy/documentation.md";
    writeFileSync(join(dir, hashedKey(doc, targets[doc] as string)), "tampered\n");
    const mismatch = await publish();
    expect(mismatch).toMatchObject({ error: { code: "PUBLISH_HASH_MISMATCH" } });
    expect(mismatch.puts).toEqual([]);

    writeTree(dir, { ...targets, "templates/astronomy-astropy/metadata.json": '{"template_id":"astronomy-astropy"}' }, 100);
    const broken = await publish();
    expect(broken).toMatchObject({ error: { code: "PUBLISH_BAD_RECORD" } });
    expect(broken.puts).toEqual([]);
  });

  it("--dry-run style publish changes nothing in the bucket", async () => {
    writeTree(dir, baseTargets(), 100);
    const dry = await ok({ dryRun: true });
    expect(dry.puts).toEqual([]);
    expect(dry.result.plan.uploads.length).toBeGreaterThan(0);
    expect((await listBucket(s3.client, prefix)).size).toBe(0);
  });
});
