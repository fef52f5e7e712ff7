import { describe, expect, it } from "vitest";
import { CwsError } from "../../core/errors.js";
import { sha256Hex } from "../../core/tuf/metadata.js";
import { type SignTreeOptions, signTree } from "../../core/tuf/sign-tree.js";
import { hashPrefixedPath } from "../../core/tuf/target-paths.js";
import { fakeTargets, makeKeys, makeRoot } from "./helpers/tuf-fixture.js";

const SIGNED_AT = new Date("2026-03-01T12:00:00.999Z");
const VERSION = 1_772_000_000;
const { keys } = makeKeys();
const root = makeRoot(keys, new Date("2026-01-01T00:00:00Z"));
const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };
const base = (): SignTreeOptions => ({ targets: fakeTargets("r1"), root: root.json, keys: online, version: VERSION, signedAt: SIGNED_AT });

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
// biome-ignore lint/suspicious/noExplicitAny: reading arbitrary metadata fields in assertions
const json = (bytes: Uint8Array | undefined): any => JSON.parse(text(bytes));

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CwsError) return error.code;
    throw error;
  }
  throw new Error("expected a CwsError");
}

describe("signTree", () => {
  it("returns the metadata files and a hash-prefixed copy of every target, never the plain targets", () => {
    const options = base();
    const out = signTree(options);
    const expected = [
      "metadata/1.root.json",
      "metadata/root.json",
      `metadata/${VERSION}.targets.json`,
      // Three delegated targets need only the smallest split: two bins, one hex digit each.
      `metadata/${VERSION}.bins-0.json`,
      `metadata/${VERSION}.bins-1.json`,
      `metadata/${VERSION}.snapshot.json`,
      "metadata/timestamp.json",
      ...[...options.targets].map(([path, bytes]) => hashPrefixedPath(path, sha256Hex(bytes))),
    ];
    expect([...out.keys()].sort()).toEqual(expected.sort());
    for (const [path, bytes] of options.targets) {
      expect(out.get(hashPrefixedPath(path, sha256Hex(bytes)))).toEqual(bytes);
      expect(out.has(path)).toBe(false);
    }
    expect(hashPrefixedPath("index.html", "ab")).toBe("ab.index.html");
    expect(hashPrefixedPath("a/b/c.json", "ab")).toBe("a/b/ab.c.json");
  });

  it("is byte-for-byte deterministic", () => {
    const first = signTree(base());
    // Same content, built in a different insertion order.
    const second = signTree({ ...base(), targets: new Map([...fakeTargets("r1")].reverse()) });
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [path, bytes] of first) expect(Buffer.from(second.get(path) ?? []).equals(Buffer.from(bytes)), path).toBe(true);
  });

  it("describes targets with sha256 and length, and chains targets and bins -> snapshot -> timestamp", () => {
    const options = base();
    const out = signTree(options);
    const targetsBytes = out.get(`metadata/${VERSION}.targets.json`);
    const snapshotBytes = out.get(`metadata/${VERSION}.snapshot.json`);
    const targets = json(targetsBytes).signed;
    // Top level: only what every command reads. Everything else is in exactly one bin.
    expect(Object.keys(targets.targets)).toEqual(["indexes/catalog.json"]);
    const bins = ["bins-0", "bins-1"].map((name) => json(out.get(`metadata/${VERSION}.${name}.json`)).signed);
    const listed = { ...targets.targets, ...bins[0].targets, ...bins[1].targets };
    expect(Object.keys(listed).sort()).toEqual([...options.targets.keys()].sort());
    for (const [path, bytes] of options.targets) {
      expect(listed[path]).toEqual({ length: bytes.length, hashes: { sha256: sha256Hex(bytes) } });
    }
    expect(targets.version).toBe(VERSION);
    expect(targets.delegations).toEqual({
      keys: { [keys.targets.keyId]: keys.targets.publicKey },
      succinct_roles: { keyids: [keys.targets.keyId], threshold: 1, bit_length: 1, name_prefix: "bins" },
    });
    for (const bin of bins) expect(bin).toMatchObject({ _type: "targets", version: VERSION, expires: targets.expires });
    const meta = (bytes: Uint8Array | undefined) => ({ version: VERSION, length: bytes?.length, hashes: { sha256: sha256Hex(bytes as Uint8Array) } });
    const snapshot = json(snapshotBytes).signed;
    expect(snapshot.meta).toEqual({
      "targets.json": meta(targetsBytes),
      "bins-0.json": meta(out.get(`metadata/${VERSION}.bins-0.json`)),
      "bins-1.json": meta(out.get(`metadata/${VERSION}.bins-1.json`)),
    });
    const timestamp = json(out.get("metadata/timestamp.json")).signed;
    expect(timestamp.meta).toEqual({
      "snapshot.json": { version: VERSION, length: snapshotBytes?.length, hashes: { sha256: sha256Hex(snapshotBytes as Uint8Array) } },
    });
  });

  it("sets expiries from the signing time and the timestamp version from the later of signing time and version", () => {
    const out = signTree(base());
    expect(json(out.get(`metadata/${VERSION}.targets.json`)).signed.expires).toBe("2026-05-30T12:00:00Z");
    expect(json(out.get(`metadata/${VERSION}.snapshot.json`)).signed.expires).toBe("2026-03-31T12:00:00Z");
    expect(json(out.get("metadata/timestamp.json")).signed.expires).toBe("2026-03-08T12:00:00Z");
    expect(json(out.get("metadata/timestamp.json")).signed.version).toBe(Math.floor(SIGNED_AT.getTime() / 1000));

    const short = signTree({ ...base(), expiryDays: { timestamp: 1 } });
    expect(json(short.get("metadata/timestamp.json")).signed.expires).toBe("2026-03-02T12:00:00Z");
    const future = signTree({ ...base(), version: 2_000_000_000 });
    expect(json(future.get("metadata/timestamp.json")).signed.version).toBe(2_000_000_000);
  });

  it("publishes root.json exactly as the trusted file", () => {
    const out = signTree(base());
    expect(text(out.get("metadata/1.root.json"))).toBe(text(root.bytes));
    expect(text(out.get("metadata/root.json"))).toBe(text(root.bytes));
  });

  it("keeps timestamp versions rising past a previously published timestamp", () => {
    const previous = signTree({ ...base(), signedAt: new Date("2026-04-01T00:00:00Z") }).get("metadata/timestamp.json") as Uint8Array;
    const previousVersion = json(previous).signed.version;
    // A rebuild stamped with an older commit time must still supersede what clients have seen.
    const next = signTree({ ...base(), version: VERSION + 10, previousTimestamp: previous });
    expect(json(next.get("metadata/timestamp.json")).signed.version).toBe(previousVersion + 1);
    expect(codeOf(() => signTree({ ...base(), version: VERSION - 1, previousTimestamp: previous }))).toBe("TUF_VERSION_ROLLBACK");
    // Same snapshot version but different bytes would overwrite an immutable file.
    expect(codeOf(() => signTree({ ...base(), targets: fakeTargets("r2"), previousTimestamp: previous }))).toBe("TUF_VERSION_ROLLBACK");
  });

  it.each([
    ["metadata/timestamp.json"],
    ["metadata"],
    ["/abs.json"],
    ["a/../b.json"],
    ["a//b.json"],
    ["./a.json"],
    ["a\\b.json"],
    ["q?x.json"],
    ["frag#x.json"],
    ["pct%20.json"],
    [""],
  ])("refuses the target path %j", (path) => {
    const targets = new Map([[path, new Uint8Array([1])]]);
    expect(codeOf(() => signTree({ ...base(), targets }))).toBe("TUF_TARGET_PATH");
  });

  it("refuses keys that root.json does not trust for their role", () => {
    const other = makeKeys().keys;
    expect(codeOf(() => signTree({ ...base(), keys: { ...online, snapshot: other.snapshot } }))).toBe("TUF_KEY_MISMATCH");
    // Right keys, wrong roles.
    expect(codeOf(() => signTree({ ...base(), keys: { ...online, targets: keys.timestamp, timestamp: keys.targets } }))).toBe("TUF_KEY_MISMATCH");
  });

  it("refuses a root that is tampered with, expired, or not consistent-snapshot", () => {
    const tampered = structuredClone(root.json) as { signed: { version: number } };
    tampered.signed.version = 2;
    expect(codeOf(() => signTree({ ...base(), root: tampered }))).toBe("TUF_ROOT_INVALID");
    expect(codeOf(() => signTree({ ...base(), root: { not: "root" } }))).toBe("TUF_ROOT_INVALID");
    expect(codeOf(() => signTree({ ...base(), signedAt: new Date("2027-06-01T00:00:00Z") }))).toBe("TUF_ROOT_INVALID");
    expect(codeOf(() => signTree({ ...base(), version: 0 }))).toBe("TUF_CONFIG");
    expect(codeOf(() => signTree({ ...base(), expiryDays: { timestamp: 0 } }))).toBe("TUF_CONFIG");
  });

  it("signs 20,000 targets quickly (no quadratic metadata building)", () => {
    const targets = new Map<string, Uint8Array>();
    for (let i = 0; i < 20_000; i++) targets.set(`templates/t-${i}/metadata.json`, new TextEncoder().encode(`{"i":${i}}`));
    const started = performance.now();
    const out = signTree({ ...base(), targets });
    // 20,000 delegated targets: 32 bins of about 625.
    expect(out.size).toBe(20_000 + 5 + 32);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
