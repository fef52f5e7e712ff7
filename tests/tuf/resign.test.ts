import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CwsError } from "../../core/errors.js";
import { resignDir, resignTimestamp } from "../../core/tuf/resign.js";
import { signTree } from "../../core/tuf/sign-tree.js";
import { runScript } from "../helpers/run.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { fakeTargets, makeKeys, makeRoot, publish, TestClient, tempDir } from "./helpers/tuf-fixture.js";

const DAY = 86_400_000;
const NOW = Date.now();
const VERSION = 1_700_000_000;
const { keys, pems } = makeKeys();
const root = makeRoot(keys, new Date(NOW - 30 * DAY));
const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };
// biome-ignore lint/suspicious/noExplicitAny: reading metadata fields in assertions
const signedPart = (bytes: Uint8Array): any => JSON.parse(new TextDecoder().decode(bytes)).signed;

/** A published tree, plus the CI environment that holds only what resigning needs. */
function publishedTree(signedAt: number) {
  const dir = tempDir();
  publish(dir, { targets: fakeTargets("r1"), root: root.json, keys: online, version: VERSION, signedAt: new Date(signedAt) });
  const rootPath = join(tempDir(), "root.json");
  writeFileSync(rootPath, root.bytes);
  return { dir, env: { CWS_TUF_TIMESTAMP_KEY: pems.timestamp, CWS_TUF_ROOT_METADATA: rootPath } };
}

let server: StaticServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("resignTimestamp", () => {
  it("keeps the snapshot and raises version and expiry", () => {
    const out = signTree({ targets: fakeTargets("r1"), root: root.json, keys: online, version: VERSION, signedAt: new Date(NOW - DAY) });
    const snapshotBytes = out.get(`metadata/${VERSION}.snapshot.json`) as Uint8Array;
    const previous = out.get("metadata/timestamp.json") as Uint8Array;
    const next = resignTimestamp({ snapshotBytes, key: keys.timestamp, signedAt: new Date(NOW), previousTimestamp: previous });
    expect(signedPart(next).meta).toEqual(signedPart(previous).meta);
    expect(signedPart(next).version).toBeGreaterThan(signedPart(previous).version);
    expect(Date.parse(signedPart(next).expires)).toBeGreaterThan(Date.parse(signedPart(previous).expires));
    // Even with a clock that went backwards.
    const skewed = resignTimestamp({ snapshotBytes, key: keys.timestamp, signedAt: new Date(NOW - 2 * DAY), previousTimestamp: previous });
    expect(signedPart(skewed).version).toBe(signedPart(previous).version + 1);
  });

  it("produces a timestamp the client accepts, reviving a release whose timestamp expired", async () => {
    const { dir, env } = publishedTree(NOW - 8 * DAY);
    server = await startStaticServer(dir);
    const client = new TestClient(server.url, root.bytes);
    await expect(client.updater().refresh()).rejects.toThrow(/timestamp\.json is expired/);

    const result = await resignDir({ dir, env, devDir: join(tempDir(), "unused"), now: new Date(NOW) });
    expect(result.version).toBeGreaterThan(result.previousVersion);
    expect(Date.parse(result.expires)).toBeGreaterThan(NOW + 6 * DAY);
    expect(await client.fetch("indexes/catalog.json")).toContain("r1");
    expect(client.trustedVersion("timestamp")).toBe(result.version);
    expect(client.trustedVersion("snapshot")).toBe(VERSION);
  });

  it("moves a client that trusts the previous timestamp forward", async () => {
    const { dir, env } = publishedTree(NOW - DAY);
    server = await startStaticServer(dir);
    const client = new TestClient(server.url, root.bytes);
    await client.updater().refresh();
    const before = client.trustedVersion("timestamp");

    const result = await resignDir({ dir, env: { ...env, CWS_TUF_TIMESTAMP_DAYS: "2" }, devDir: tempDir(), now: new Date(NOW) });
    expect(result.expires).toBe(`${new Date(NOW + 2 * DAY).toISOString().slice(0, 19)}Z`);
    await client.updater().refresh();
    expect(client.trustedVersion("timestamp")).toBe(result.version);
    expect(result.version).toBeGreaterThan(before);
  });

  it("refuses a tree whose snapshot was not signed under the trusted root", async () => {
    const { dir } = publishedTree(NOW);
    const before = readFileSync(join(dir, "metadata/timestamp.json"));
    const other = makeKeys();
    const otherRoot = join(tempDir(), "root.json");
    writeFileSync(otherRoot, makeRoot(other.keys).bytes);
    const error = await resignDir({ dir, env: { CWS_TUF_TIMESTAMP_KEY: other.pems.timestamp, CWS_TUF_ROOT_METADATA: otherRoot }, devDir: tempDir() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CwsError);
    expect((error as CwsError).code).toBe("TUF_METADATA_INVALID");
    expect(readFileSync(join(dir, "metadata/timestamp.json"))).toEqual(before);
  });
});

describe("npm run resign", () => {
  it("rewrites timestamp.json, and fails with a clear message when there is nothing to resign", () => {
    const { dir, env } = publishedTree(NOW - DAY);
    const before = readFileSync(join(dir, "metadata/timestamp.json"));
    const ok = runScript("resign.ts", ["--dir", dir, "--days", "3"], { env });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/re-signed .*timestamp\.json: version \d+ -> \d+, expires/);
    const after = readFileSync(join(dir, "metadata/timestamp.json"));
    expect(signedPart(after).version).toBeGreaterThan(signedPart(before).version);

    const missing = runScript("resign.ts", ["--dir", join(dir, "nope")], { env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("error TUF_METADATA_INVALID");
  });
});
