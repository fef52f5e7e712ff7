import { describe, expect, it } from "vitest";
import { collectPublishedMetadata } from "../../core/tuf/published-metadata.js";
import { signRelease } from "../../core/tuf/sign-tree.js";
import { binFiles, manyTargets } from "./helpers/bin-fixture.js";
import { makeKeys, makeRoot } from "./helpers/tuf-fixture.js";

const { keys } = makeKeys();
const root = makeRoot(keys);
const online = { targets: keys.targets, snapshot: keys.snapshot, timestamp: keys.timestamp };
const VERSION = 1_780_000_000;

/** A reader over in-memory metadata/ files that records every name asked for. */
function reader(files: ReadonlyMap<string, Uint8Array>) {
  const asked: string[] = [];
  const read = async (name: string) => {
    asked.push(name);
    return files.get(`metadata/${name}`);
  };
  return { asked, read };
}

describe("collectPublishedMetadata", () => {
  it("follows timestamp.json → the snapshot it names → every bin that snapshot names", async () => {
    const { files } = signRelease({ targets: manyTargets(700), root: root.json, keys: online, version: VERSION, signedAt: new Date() });
    const { asked, read } = reader(files);
    const published = await collectPublishedMetadata(read);
    const bins = binFiles(files);
    expect(bins.size).toBe(4);
    expect(published.timestamp).toEqual(files.get("metadata/timestamp.json"));
    expect(published.snapshot).toEqual(files.get(`metadata/${VERSION}.snapshot.json`));
    expect([...published.bins.keys()].sort()).toEqual([...bins.keys()].sort());
    for (const [name, [, bytes]] of bins) expect(published.bins.get(name)).toEqual(bytes);
    expect([...published.files.keys()].sort()).toEqual(
      ["timestamp.json", `${VERSION}.snapshot.json`, ...[...bins.keys()].map((name) => `${VERSION}.${name}.json`)].sort(),
    );
    // Top-level targets.json is re-signed by every build, so it is not needed.
    expect(asked).not.toContain(`${VERSION}.targets.json`);
  });

  it("returns what exists: nothing on a first publish, the timestamp alone when its snapshot is gone", async () => {
    expect(await collectPublishedMetadata(async () => undefined)).toEqual({ bins: new Map(), files: new Map() });
    const { files } = signRelease({ targets: manyTargets(10), root: root.json, keys: online, version: VERSION, signedAt: new Date() });
    const partial = new Map([...files].filter(([path]) => !path.endsWith(".snapshot.json")));
    const published = await collectPublishedMetadata(reader(partial).read);
    expect(published.timestamp).toBeDefined();
    expect(published.snapshot).toBeUndefined();
    expect(published.bins.size).toBe(0);
    const garbage = await collectPublishedMetadata(async (name) => (name === "timestamp.json" ? new TextEncoder().encode("{not json") : undefined));
    expect([...garbage.files.keys()]).toEqual(["timestamp.json"]);
  });

  it("reads only names built from integer versions and strict bin names, whatever the snapshot says", async () => {
    const meta = {
      "targets.json": { version: 5 },
      "bins-0.json": { version: 5 },
      "../../etc/passwd.json": { version: 5 },
      "bins-1/../../x.json": { version: 5 },
      "bins-2.json": { version: "5/../../x" },
      "bins-3.json": { version: 1.5 },
      "other-0.json": { version: 5 },
    };
    // Unsigned: the walker trusts nothing, and a hostile snapshot need not verify to be read.
    const encode = (signed: unknown) => new TextEncoder().encode(JSON.stringify({ signatures: [], signed }));
    const snapshot = encode({ _type: "snapshot", version: 5, meta });
    const timestamp = encode({ _type: "timestamp", version: 9, meta: { "snapshot.json": { version: 5 } } });
    const { asked, read } = reader(
      new Map([
        ["metadata/timestamp.json", timestamp],
        ["metadata/5.snapshot.json", snapshot],
      ]),
    );
    await collectPublishedMetadata(read);
    expect(asked).toEqual(["timestamp.json", "5.snapshot.json", "5.bins-0.json"]);
  });
});
