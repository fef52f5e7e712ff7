// End-to-end: trees signed by core/tuf, served over loopback HTTP, read by the real tuf-js client.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../core/tuf/metadata.js";
import { type SignTreeOptions, signTree } from "../../core/tuf/sign-tree.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { fakeTargets, makeKeys, makeRoot, publish, TestClient, tempDir, writeTree } from "./helpers/tuf-fixture.js";

const DAY = 86_400_000;
const NOW = Date.now();
const V1 = 1_700_000_000;
const V2 = 1_700_000_500;
const META = "templates/genomics-pipeline-v3/metadata.json";

const { keys } = makeKeys();
const root = makeRoot(keys, new Date(NOW));
const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };
const release = (name: string, version: number, signedAt: number): SignTreeOptions => ({
  targets: fakeTargets(name),
  root: root.json,
  keys: online,
  version,
  signedAt: new Date(signedAt),
});

let server: StaticServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(dir: string): Promise<{ server: StaticServer; client: TestClient }> {
  server = await startStaticServer(dir);
  return { server, client: new TestClient(server.url, root.bytes) };
}

describe("tuf-js client against a signed tree", () => {
  it("verifies and downloads targets, fetching hash-prefixed names and versioned metadata", async () => {
    const dir = tempDir();
    const options = release("r1", V1, NOW);
    publish(dir, options);
    const { server, client } = await serve(dir);

    expect(await client.fetch(META)).toContain('"release":"r1"');
    expect(await client.fetch("index.html")).toContain("<title>r1</title>");
    expect(await client.fetch("docs/résumé.json")).toContain('"release":"r1"');

    const sha = sha256Hex(options.targets.get(META) as Uint8Array);
    expect(server.requests).toContain(`/templates/genomics-pipeline-v3/${sha}.metadata.json`);
    expect(server.requests).not.toContain(`/${META}`);
    expect(server.requests).not.toContain("/index.html");
    expect(server.requests).toEqual(
      expect.arrayContaining(["/metadata/2.root.json", "/metadata/timestamp.json", `/metadata/${V1}.snapshot.json`, `/metadata/${V1}.targets.json`]),
    );
    expect(server.requests.some((path) => path === "/metadata/snapshot.json" || path === "/metadata/targets.json")).toBe(false);
  });

  it("rejects a target whose bytes were tampered with on the server", async () => {
    const dir = tempDir();
    const options = release("r1", V1, NOW);
    publish(dir, options);
    const original = options.targets.get(META) as Uint8Array;
    const hashedFile = join(dir, "templates/genomics-pipeline-v3", `${sha256Hex(original)}.${"metadata.json"}`);
    // Same length, different bytes: only the hash check can catch it.
    writeFileSync(hashedFile, readFileSync(hashedFile, "utf8").replace("r1", "x1"));
    const { client } = await serve(dir);

    await expect(client.fetch(META)).rejects.toThrow(/hash/i);
    await expect(client.fetch("indexes/catalog.json")).resolves.toContain("r1");
  });

  it("rejects an expired timestamp", async () => {
    const dir = tempDir();
    // Snapshot (30 days) and targets (90 days) are still valid; only the timestamp (7 days) expired.
    publish(dir, release("r1", V1, NOW - 8 * DAY));
    const { client } = await serve(dir);

    await expect(client.updater().refresh()).rejects.toThrow(/timestamp\.json is expired/);
  });

  it("rejects a rollback to an older release after trusting a newer one", async () => {
    const older = tempDir();
    const newer = tempDir();
    publish(older, release("r1", V1, NOW - 3_600_000));
    publish(newer, release("r2", V2, NOW));
    const { server, client } = await serve(newer);
    expect(await client.fetch(META)).toContain("r2");
    const trusted = client.trustedVersion("timestamp");

    server.dir = older;
    await expect(client.updater().refresh()).rejects.toThrow(/version .* is less than current version/i);
    expect(client.trustedVersion("timestamp")).toBe(trusted);
    expect(client.trustedVersion("snapshot")).toBe(V2);
  });

  it("moves to release 2 only once its timestamp.json is published", async () => {
    const dir = tempDir();
    publish(dir, release("r1", V1, NOW - 3_600_000));
    const { client } = await serve(dir);
    expect(await client.fetch(META)).toContain("r1");

    // Half-published: release 2's targets, hashed copies and versioned metadata are uploaded
    // (plain files even overwritten), but the old timestamp.json is still served.
    const r2 = release("r2", V2, NOW);
    const signed = signTree(r2);
    const timestamp = signed.get("metadata/timestamp.json") as Uint8Array;
    signed.delete("metadata/timestamp.json");
    writeTree(dir, r2.targets);
    writeTree(dir, signed);

    expect(await client.fetch(META)).toContain("r1");
    expect(client.trustedVersion("snapshot")).toBe(V1);
    const newcomer = new TestClient(server?.url ?? "", root.bytes);
    expect(await newcomer.fetch(META)).toContain("r1");

    writeFileSync(join(dir, "metadata/timestamp.json"), timestamp);
    expect(await client.fetch(META)).toContain("r2");
    expect(client.trustedVersion("snapshot")).toBe(V2);
    expect(client.trustedVersion("targets")).toBe(V2);
    // Old versioned files can now be removed without affecting anyone.
    rmSync(join(dir, `metadata/${V1}.snapshot.json`));
    expect(await newcomer.fetch(META)).toContain("r2");
  });
});
