// The CLI's linear Targets.fromJSON/toJSON (cli/src/lib/tuf-fast-targets.ts) against the library's
// own, on the @tufjs/models copy tuf-js really uses: the same objects, the same errors, the same
// signed bytes, and a real tuf-js client still refuses a bin whose contents its signature does not
// cover.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Updater } from "tuf-js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isPatched, patchTargets, patchUpdaterTargets, type TargetFileClass, type TargetsClass } from "../../cli/src/lib/tuf-fast-targets.js";
import { canonicalize } from "../../core/tuf/canonical-json.js";
import { generateSigningKey } from "../../core/tuf/keys.js";
import { metaFileFor, SPEC_VERSION, signMetadata } from "../../core/tuf/metadata.js";
import { signRelease } from "../../core/tuf/sign-tree.js";
import { manyTargets } from "./helpers/bin-fixture.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { makeKeys, makeRoot, TestClient, tempDir, writeTree } from "./helpers/tuf-fixture.js";

// tuf-js pins its own @tufjs/models; the CLI patches that one (found through a refreshed Updater).
const requireFromTuf = createRequire(createRequire(import.meta.url).resolve("tuf-js"));
const models = requireFromTuf("@tufjs/models") as {
  Targets: TargetsClass;
  TargetFile: TargetFileClass;
  Metadata: { fromJSON(type: string, data: unknown): { signed: { toJSON(): Record<string, unknown> } } };
  Key: { fromJSON(keyId: string, data: unknown): { verifySignature(metadata: unknown): void } };
};
// The library's own methods, kept before any patch.
const libraryFromJSON = models.Targets.fromJSON;
const libraryToJSON = models.Targets.prototype.toJSON;
type Parsed = { equals(other: unknown): boolean; toJSON(): Record<string, unknown>; targets: object };
const slowParse = (data: unknown) => libraryFromJSON.call(models.Targets, data as Record<string, unknown>) as unknown as Parsed;
const fastParse = (data: unknown) => models.Targets.fromJSON(data as Record<string, unknown>) as unknown as Parsed;

const DAY = 86_400_000;
const expires = new Date(Date.now() + 30 * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");

function target(i: number, extra: Record<string, unknown> = {}) {
  return { length: 100 + i, hashes: { sha256: (i.toString(16).padStart(2, "0") + "ab".repeat(31)).slice(0, 64) }, ...extra };
}

/** A bin's signed part with `n` targets, as core/tuf writes them. */
function binJson(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const targets: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) targets[`templates/t-${i}/metadata.json`] = target(i);
  return { _type: "targets", spec_version: SPEC_VERSION, version: 7, expires, targets, ...extra };
}

const ODD: [string, Record<string, unknown>][] = [
  ["1,200 targets (a 10k-template bin)", binJson(1200)],
  ["no targets member", { _type: "targets", spec_version: SPEC_VERSION, version: 1, expires }],
  ["empty targets", binJson(0)],
  [
    "custom fields, unknown members, integer-like and __proto__ paths",
    {
      ...binJson(3, { x_publisher: { note: "kept" } }),
      targets: JSON.parse(
        `{"b":${JSON.stringify(target(1, { custom: { a: 1 } }))},"10":${JSON.stringify(target(2))},"2":${JSON.stringify(target(3))},"__proto__":${JSON.stringify(target(4))},"a":${JSON.stringify(target(5, { x: [1] }))}}`,
      ) as Record<string, unknown>,
    },
  ],
  [
    "delegations",
    {
      ...binJson(2),
      delegations: {
        keys: {},
        succinct_roles: { keyids: ["k"], threshold: 1, bit_length: 4, name_prefix: "bins" },
      },
    },
  ],
];

const BAD: [string, Record<string, unknown>][] = [
  ["targets is null", { ...binJson(1), targets: null }],
  ["targets is a string", { ...binJson(1), targets: "x" }],
  ["a target is not an object", { ...binJson(1), targets: { a: target(1), b: 3 } }],
  ["a target has no length", { ...binJson(1), targets: { a: { hashes: { sha256: "00" } } } }],
  ["a target's hashes are not strings", { ...binJson(1), targets: { a: { length: 1, hashes: { sha256: 1 } } } }],
  ["a negative length", { ...binJson(1), targets: { a: { length: -1, hashes: {} } } }],
  ["no spec_version", { ...binJson(2), spec_version: undefined }],
  ["bad delegations", { ...binJson(2), delegations: "x" }],
];

function thrown(f: () => unknown): { type: string; message: string } | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    return { type: (error as Error).constructor.name, message: (error as Error).message };
  }
}

beforeAll(() => {
  expect(isPatched(models.Targets)).toBe(false);
  expect(patchTargets(models.Targets, models.TargetFile)).toBe(true);
  expect(isPatched(models.Targets)).toBe(true);
  expect(models.Targets.fromJSON).not.toBe(libraryFromJSON);
  expect(models.Targets.prototype.toJSON).not.toBe(libraryToJSON);
});

describe("linear Targets.fromJSON/toJSON", () => {
  it.each(ODD)("parses %s into the library's objects and serialises them to the library's JSON", (_, json) => {
    const fast = fastParse(structuredClone(json));
    const slow = slowParse(structuredClone(json));
    expect(isDeepStrictEqual(fast, slow)).toBe(true);
    expect(slow.equals(fast)).toBe(true);
    expect(Object.keys(fast.targets)).toEqual(Object.keys(slow.targets));
    const fastJson = fast.toJSON();
    const slowJson = libraryToJSON.call(slow);
    expect(isDeepStrictEqual(fastJson, slowJson)).toBe(true);
    expect(Object.keys(fastJson)).toEqual(Object.keys(slowJson));
    // What signatures are checked over.
    expect(canonicalize(fastJson as never)).toBe(canonicalize(slowJson as never));
    // A "__proto__" path stays a target, never the prototype.
    expect(Object.getPrototypeOf(fast.targets)).toBe(Object.prototype);
  });

  it.each(BAD)("refuses %s with the library's error", (_, json) => {
    const slow = thrown(() => slowParse(structuredClone(json)));
    expect(slow).toBeDefined();
    expect(thrown(() => fastParse(structuredClone(json)))).toEqual(slow);
  });

  it("verifies a signed bin and refuses it once a target changes under the same signature", () => {
    const { key } = generateSigningKey();
    const envelope = JSON.parse(new TextDecoder().decode(signMetadata(binJson(800) as never, key))) as {
      signed: { targets: Record<string, { hashes: { sha256: string } }> };
    };
    const tufKey = models.Key.fromJSON(key.keyId, key.publicKey);
    expect(() => tufKey.verifySignature(models.Metadata.fromJSON("targets", envelope))).not.toThrow();
    const entry = envelope.signed.targets["templates/t-500/metadata.json"];
    if (!entry) throw new Error("fixture has no t-500");
    entry.hashes.sha256 = `0${entry.hashes.sha256.slice(1)}`;
    expect(() => tufKey.verifySignature(models.Metadata.fromJSON("targets", envelope))).toThrow(/failed to verify/);
  });
});

describe("in a tuf-js client", () => {
  let server: StaticServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("finds the Targets class tuf-js uses, and still refuses a re-linked bin its signature does not cover", async () => {
    const { keys } = makeKeys();
    const root = makeRoot(keys);
    const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };
    const targets = manyTargets(300);
    const release = signRelease({ targets, root: root.json, keys: online, version: 5, signedAt: new Date() });
    expect(release.bins).toBeGreaterThan(1);
    const dir = tempDir();
    writeTree(dir, targets);
    writeTree(dir, release.files);
    server = await startStaticServer(dir);
    const path = "templates/t-7/metadata.json";

    const client = new TestClient(server.url, root.bytes);
    const updater = client.updater();
    await updater.refresh();
    expect(patchUpdaterTargets(updater, models.TargetFile)).toBe(true);
    expect(patchUpdaterTargets({}, models.TargetFile)).toBe(false);
    const info = await updater.getTargetInfo(path);
    expect(info?.length).toBe(targets.get(path)?.length);
    expect(readFileSync(await updater.downloadTarget(info as NonNullable<typeof info>), "utf8")).toBe('{"id":"t-7"}\n');

    // The bin that lists the path, with one target's hash changed and the snapshot and timestamp
    // re-signed over the new bytes: only the bin's own signature can catch it.
    const binPath = [...release.files.keys()].find((p) => /\.bins-[0-9a-f]+\.json$/.test(p) && readFileSync(join(dir, p), "utf8").includes(path));
    if (!binPath) throw new Error("no bin lists the path");
    const bin = JSON.parse(readFileSync(join(dir, binPath), "utf8")) as { signed: { targets: Record<string, { length: number }> } };
    const listed = bin.signed.targets[path];
    if (!listed) throw new Error("bin does not list the path");
    listed.length += 1;
    const binBytes = new TextEncoder().encode(JSON.stringify(bin));
    writeFileSync(join(dir, binPath), binBytes);
    const role = (/\.(bins-[0-9a-f]+)\.json$/.exec(binPath) as RegExpExecArray)[1];
    const snapshotPath = [...release.files.keys()].find((p) => /\d+\.snapshot\.json$/.test(p)) as string;
    const snapshot = JSON.parse(readFileSync(join(dir, snapshotPath), "utf8")) as { signed: { meta: Record<string, { version: number }> } };
    const meta = snapshot.signed.meta[`${role}.json`] as { version: number };
    snapshot.signed.meta[`${role}.json`] = metaFileFor(binBytes, meta.version);
    const snapshotBytes = signMetadata(snapshot.signed as never, keys.snapshot);
    writeFileSync(join(dir, snapshotPath), snapshotBytes);
    const timestamp = JSON.parse(readFileSync(join(dir, "metadata/timestamp.json"), "utf8")) as {
      signed: { version: number; meta: Record<string, { version: number }> };
    };
    timestamp.signed.version += 1;
    timestamp.signed.meta["snapshot.json"] = metaFileFor(snapshotBytes, (timestamp.signed.meta["snapshot.json"] as { version: number }).version);
    writeFileSync(join(dir, "metadata/timestamp.json"), signMetadata(timestamp.signed as never, keys.timestamp));

    const fresh = new TestClient(server.url, root.bytes).updater();
    await fresh.refresh();
    expect(patchUpdaterTargets(fresh, models.TargetFile)).toBe(true);
    await expect(fresh.getTargetInfo(path)).rejects.toThrow(new RegExp(`${role} was signed by 0/1 keys`));
    // The class patched is the one this Updater parses with.
    expect(fresh).toBeInstanceOf(Updater);
    expect(isPatched(models.Targets)).toBe(true);
  });
});
