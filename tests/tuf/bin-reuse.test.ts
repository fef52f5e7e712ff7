import { describe, expect, it } from "vitest";
import { CwsError } from "../../core/errors.js";
import { binNameFor } from "../../core/tuf/delegation.js";
import { sha256Hex } from "../../core/tuf/metadata.js";
import { isReusableBin } from "../../core/tuf/previous-bins.js";
import { type SignTreeOptions, signRelease } from "../../core/tuf/sign-tree.js";
import { binFiles, manyTargets, publishedFrom } from "./helpers/bin-fixture.js";
import { makeKeys, makeRoot } from "./helpers/tuf-fixture.js";

const DAY = 86_400_000;
const T1 = new Date("2026-03-01T12:00:00Z");
const V1 = T1.getTime() / 1000;
const { keys } = makeKeys();
const root = makeRoot(keys, new Date("2026-01-01T00:00:00Z"));
const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };
// 1,000 templates → 3,000 delegated targets → bit_length 2: four bins of ~750.
const TEMPLATES = 1000;
const first = signRelease({ targets: manyTargets(TEMPLATES), root: root.json, keys: online, version: V1, signedAt: T1 });

// biome-ignore lint/suspicious/noExplicitAny: reading arbitrary metadata fields in assertions
const signed = (bytes: Uint8Array | undefined): any => JSON.parse(new TextDecoder().decode(bytes)).signed;

/** The next release, `days` after the first, built with the first one's metadata as its dist/. */
async function rebuild(days: number, targets = manyTargets(TEMPLATES), previous = first.files, extra: Partial<SignTreeOptions> = {}) {
  const published = await publishedFrom(previous);
  const signedAt = new Date(T1.getTime() + days * DAY);
  const version = signedAt.getTime() / 1000;
  const release = signRelease({
    targets,
    root: root.json,
    keys: online,
    version,
    signedAt,
    previousTimestamp: published.timestamp,
    previousSnapshot: published.snapshot,
    previousBins: published.bins,
    ...extra,
  });
  return { release, version, snapshot: signed(release.files.get(`metadata/${version}.snapshot.json`)) };
}

function codeOf(error: unknown): string {
  if (error instanceof CwsError) return error.code;
  throw error;
}

describe("incremental bins", () => {
  it("a rebuild with no change keeps every bin byte for byte, under its old version", async () => {
    expect(first.bitLength).toBe(2);
    const { release, version, snapshot } = await rebuild(1);
    expect(release).toMatchObject({ bins: 4, reusedBins: 4, warnings: [] });
    expect(binFiles(release.files)).toEqual(binFiles(first.files));
    for (const [name, [binVersion]] of binFiles(release.files)) expect(snapshot.meta[`${name}.json`].version).toBe(binVersion);
    // Targets, snapshot and timestamp are re-signed: they are small and carry the new expiry.
    expect(signed(release.files.get(`metadata/${version}.targets.json`)).version).toBe(version);
    expect(snapshot.meta["targets.json"].version).toBe(version);
  });

  it("a one-template change re-versions only the bins holding its changed files", async () => {
    const { release, version, snapshot } = await rebuild(1, manyTargets(TEMPLATES, [7]));
    const touched = new Set(["templates/t-7/metadata.json", "api/v1/marketplace/templates/t-7/index.json"].map((path) => binNameFor(path, 2)));
    const before = binFiles(first.files);
    const after = binFiles(release.files);
    expect(release.reusedBins).toBe(4 - touched.size);
    for (const [name, [binVersion, bytes]] of after) {
      if (touched.has(name)) {
        expect(binVersion, name).toBe(version);
        expect(signed(bytes).targets["templates/t-7/metadata.json"] ?? signed(bytes).targets["api/v1/marketplace/templates/t-7/index.json"]).toBeDefined();
      } else {
        expect([binVersion, bytes], name).toEqual(before.get(name));
      }
      expect(snapshot.meta[`${name}.json`]).toEqual({ version: binVersion, length: bytes.length, hashes: { sha256: sha256Hex(bytes) } });
    }
    // The catalog changed too, but it lives in top-level targets.json, which is re-signed anyway.
    expect(signed(release.files.get(`metadata/${version}.targets.json`)).targets["indexes/catalog.json"]).toBeDefined();
  });

  it("re-signs every bin when the split changes, without complaint", async () => {
    const { release } = await rebuild(1, manyTargets(1400));
    expect(release).toMatchObject({ bitLength: 3, bins: 8, reusedBins: 0, warnings: [] });
  });

  it("re-signs bins within half their lifetime of expiry, so every kept bin outlives the snapshot", async () => {
    const kept = await rebuild(44);
    expect(kept.release.reusedBins).toBe(4);
    for (const [, [, bytes]] of binFiles(kept.release.files)) {
      expect(Date.parse(signed(bytes).expires)).toBeGreaterThanOrEqual(Date.parse(kept.snapshot.expires));
    }
    const renewed = await rebuild(46);
    expect(renewed.release.reusedBins).toBe(0);
    for (const [, [binVersion]] of binFiles(renewed.release.files)) expect(binVersion).toBe(renewed.version);
  });
});

describe("previous metadata that cannot be trusted is never reused", () => {
  it("a bin whose bytes the snapshot does not vouch for is re-signed, with a warning", async () => {
    const tampered = new Map(first.files);
    const [name, [binVersion, bytes]] = [...binFiles(first.files)][0] as [string, [number, Uint8Array]];
    tampered.set(`metadata/${binVersion}.${name}.json`, new TextEncoder().encode(new TextDecoder().decode(bytes).replace('"version"', ' "version"')));
    const { release, version } = await rebuild(1, undefined, tampered);
    expect(release.reusedBins).toBe(3);
    expect(binFiles(release.files).get(name)?.[0]).toBe(version);
    expect(release.warnings).toEqual([`the previous ${binVersion}.${name}.json does not match the previous snapshot; it is re-signed`]);
  });

  it("a snapshot not signed by the trusted snapshot key, or not the one timestamp.json names, is ignored", async () => {
    const other = makeKeys().keys;
    const foreign = signRelease({
      targets: manyTargets(TEMPLATES),
      root: makeRoot(other).json,
      keys: { targets: other.targets, snapshot: other.snapshot, timestamp: other.timestamp },
      version: V1,
      signedAt: T1,
    });
    const forged = await rebuild(1, undefined, foreign.files);
    expect(forged.release.reusedBins).toBe(0);
    expect(forged.release.warnings).toEqual([expect.stringMatching(/not valid snapshot metadata signed by the trusted snapshot key/)]);

    const later = await rebuild(1);
    const mismatched = await rebuild(2, undefined, first.files, { previousTimestamp: later.release.files.get("metadata/timestamp.json") });
    expect(mismatched.release.reusedBins).toBe(0);
    expect(mismatched.release.warnings).toEqual([expect.stringMatching(/not the one the previous timestamp\.json names/)]);
  });

  it("isReusableBin requires identical targets, our key's valid signature, no extra fields and enough lifetime", () => {
    const [name, [version, bytes]] = [...binFiles(first.files)][0] as [string, [number, Uint8Array]];
    const entries = Object.entries(signed(bytes).targets) as [string, { length: number; hashes: { sha256: string } }][];
    const soon = new Date(T1.getTime() + DAY);
    const edit = (change: (envelope: { signatures: { keyid: string; sig: string }[]; signed: Record<string, unknown> }) => void) => {
      const envelope = JSON.parse(new TextDecoder().decode(bytes));
      change(envelope);
      return { version, bytes: new TextEncoder().encode(JSON.stringify(envelope)) };
    };
    expect(name).toMatch(/^bins-[0-3]$/);
    expect(isReusableBin({ version, bytes }, entries, keys.targets, soon)).toBe(true);
    expect(isReusableBin({ version, bytes }, entries.slice(1), keys.targets, soon)).toBe(false);
    expect(isReusableBin({ version, bytes }, entries, keys.snapshot, soon)).toBe(false);
    expect(isReusableBin({ version: version - 1, bytes }, entries, keys.targets, soon)).toBe(false);
    expect(isReusableBin({ version, bytes }, entries, keys.targets, new Date(T1.getTime() + 91 * DAY))).toBe(false);
    const flipped = edit((e) => {
      const sig = e.signatures[0] as { sig: string };
      sig.sig = `${sig.sig[0] === "0" ? "1" : "0"}${sig.sig.slice(1)}`;
    });
    expect(isReusableBin(flipped, entries, keys.targets, soon)).toBe(false);
    expect(
      isReusableBin(
        edit((e) => (e.signed.delegations = { keys: {}, roles: [] })),
        entries,
        keys.targets,
        soon,
      ),
    ).toBe(false);
    expect(
      isReusableBin(
        edit((e) => e.signatures.push({ keyid: "x", sig: "00" })),
        entries,
        keys.targets,
        soon,
      ),
    ).toBe(false);
    expect(isReusableBin({ version, bytes: new TextEncoder().encode("not json") }, entries, keys.targets, soon)).toBe(false);
  });

  it("refuses to sign a changed bin at a version below the published one", async () => {
    const later = signRelease({ targets: manyTargets(TEMPLATES), root: root.json, keys: online, version: V1 + 100, signedAt: T1 });
    const published = await publishedFrom(later.files);
    const rollback = () =>
      signRelease({
        targets: manyTargets(TEMPLATES, [1, 2, 3, 4, 5]),
        root: root.json,
        keys: online,
        version: V1 + 50,
        signedAt: T1,
        previousSnapshot: published.snapshot,
        previousBins: published.bins,
      });
    expect(codeOf(catchError(rollback))).toBe("TUF_VERSION_ROLLBACK");
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
