// End-to-end: hash-bin delegations as the real tuf-js client walks them, over loopback HTTP.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { binNameFor } from "../../core/tuf/delegation.js";
import { metaFileFor, sha256Hex, signMetadata } from "../../core/tuf/metadata.js";
import { signRelease } from "../../core/tuf/sign-tree.js";
import { buildTimestamp } from "../../core/tuf/timestamp.js";
import { binFiles, manyTargets, publishedFrom } from "./helpers/bin-fixture.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { makeKeys, makeRoot, TestClient, tempDir, writeTree } from "./helpers/tuf-fixture.js";

const HOUR = 3_600_000;
const NOW = Date.now();
const TEMPLATES = 700; // 2,100 delegated targets: four bins
const META = "templates/t-7/metadata.json";
const BIN = binNameFor(META, 2);
// Another delegated target, in a different bin from META.
const OTHER = [...Array(TEMPLATES).keys()].map((i) => `templates/t-${i}/documentation.md`).find((path) => binNameFor(path, 2) !== BIN) as string;

const { keys } = makeKeys();
const root = makeRoot(keys, new Date(NOW - HOUR));
const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };

interface Release {
  dir: string;
  version: number;
  files: Map<string, Uint8Array>;
}

/** Signs a release `hoursAgo` before now on top of `previous` (its dist/), and writes its tree. */
async function release(hoursAgo: number, changed: number[] = [], previous?: Release): Promise<Release> {
  const signedAt = new Date(NOW - hoursAgo * HOUR);
  const version = Math.floor(signedAt.getTime() / 1000);
  const published = previous ? await publishedFrom(previous.files) : undefined;
  const targets = manyTargets(TEMPLATES, changed);
  const { files } = signRelease({
    targets,
    root: root.json,
    keys: online,
    version,
    signedAt,
    previousTimestamp: published?.timestamp,
    previousSnapshot: published?.snapshot,
    previousBins: published?.bins,
  });
  // Metadata and hash-prefixed copies are all a TUF client reads.
  const dir = tempDir();
  writeTree(dir, files);
  return { dir, version, files };
}

let server: StaticServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(dir: string): Promise<{ server: StaticServer; client: TestClient }> {
  server = await startStaticServer(dir);
  return { server, client: new TestClient(server.url, root.bytes) };
}

const binRequests = (s: StaticServer) => s.requests.filter((path) => /\/metadata\/\d+\.bins-/.test(path));

describe("tuf-js client with succinct hash-bin delegations", () => {
  it("reads top-level targets without loading a bin, and a delegated target through its bin only", async () => {
    const r1 = await release(2);
    expect(binFiles(r1.files).size).toBe(4);
    const { server, client } = await serve(r1.dir);

    expect(await client.fetch("indexes/catalog.json")).toContain('"templates":700');
    expect(await client.fetch(".well-known/cws-marketplace.json")).toContain("metadata/");
    expect(binRequests(server)).toEqual([]);

    expect(await client.fetch(META)).toContain('"id":"t-7"');
    expect(binRequests(server)).toEqual([`/metadata/${r1.version}.${BIN}.json`]);
    expect(readFileSync(join(client.metadataDir, `${BIN}.json`))).toEqual(Buffer.from(r1.files.get(`metadata/${r1.version}.${BIN}.json`) as Uint8Array));
  });

  it("after a one-template change, downloads only the bins that changed", async () => {
    const r1 = await release(2);
    const r2 = await release(1, [7], r1);
    const { server, client } = await serve(r1.dir);
    await client.fetch(META);
    await client.fetch(OTHER);

    server.dir = r2.dir;
    server.requests.length = 0;
    expect(await client.fetch(OTHER)).toContain("# t-");
    expect(binRequests(server)).toEqual([]);
    expect(await client.fetch(META)).toContain('"id":"t-7-edited"');
    expect(binRequests(server)).toEqual([`/metadata/${r2.version}.${BIN}.json`]);
  });

  it("rejects a tampered bin", async () => {
    const r1 = await release(1);
    const binFile = join(r1.dir, `metadata/${r1.version}.${BIN}.json`);
    // Same length, different bytes: only the snapshot's hash can catch it.
    writeFileSync(binFile, readFileSync(binFile, "utf8").replace('"t-7"', '"t-8"').replace("templates/t-7/metadata.json", "templates/t-7/metadata.jsox"));
    const { client } = await serve(r1.dir);

    await expect(client.fetch(META)).rejects.toThrow(/Unable to load targets.*hash/i);
    await expect(client.fetch("indexes/catalog.json")).resolves.toContain('"templates":700');
  });

  it("rejects a bin not signed by the delegated key, even under a validly signed snapshot", async () => {
    const r1 = await release(1);
    const evil = new TextEncoder().encode('{"id":"t-7","ami":"ami-evil"}\n');
    const forged = JSON.parse(new TextDecoder().decode(r1.files.get(`metadata/${r1.version}.${BIN}.json`))).signed;
    forged.targets[META] = { length: evil.length, hashes: { sha256: sha256Hex(evil) } };
    // Someone holding the snapshot and timestamp keys, but not the targets key.
    const binBytes = signMetadata(forged, makeKeys().keys.targets);
    const snapshot = JSON.parse(new TextDecoder().decode(r1.files.get(`metadata/${r1.version}.snapshot.json`))).signed;
    snapshot.meta[`${BIN}.json`] = metaFileFor(binBytes, r1.version);
    const snapshotBytes = signMetadata(snapshot, keys.snapshot);
    writeFileSync(join(r1.dir, `metadata/${r1.version}.${BIN}.json`), binBytes);
    writeFileSync(join(r1.dir, `metadata/${r1.version}.snapshot.json`), snapshotBytes);
    const timestamp = buildTimestamp({ snapshotBytes, snapshotVersion: r1.version, key: keys.timestamp, signedAt: new Date(NOW), expiryDays: 1 });
    writeFileSync(join(r1.dir, "metadata/timestamp.json"), timestamp);
    const { client } = await serve(r1.dir);

    await expect(client.fetch(META)).rejects.toThrow(new RegExp(`Unable to load targets.*${BIN} was signed by 0/1 keys`));
  });

  it("rejects a release whose snapshot rolls a bin back to an older version", async () => {
    const r1 = await release(3);
    const r2 = await release(2, [7], r1);
    // Built later, but from r1's metadata (a stale dist/): it keeps r1's bin for template 7.
    const r3 = await release(1, [], r1);
    expect(binFiles(r3.files).get(BIN)?.[0]).toBe(r1.version);
    const { server, client } = await serve(r2.dir);
    expect(await client.fetch(META)).toContain("t-7-edited");

    server.dir = r3.dir;
    await expect(client.updater().refresh()).rejects.toThrow(
      new RegExp(`New version ${r1.version} of ${BIN}\\.json is less than current version ${r2.version}`),
    );
    expect(client.trustedVersion("snapshot")).toBe(r2.version);
  });
});
