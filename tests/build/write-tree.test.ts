import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MANIFEST_PATH, parseManifest } from "../../core/build/manifest.js";
import { writeTree } from "../../core/build/write-tree.js";
import { readManifestTree } from "../../core/deploy/local-tree.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function out(): string {
  const d = mkdtempSync(join(tmpdir(), "cws-write-"));
  dirs.push(d);
  return join(d, "dist");
}
const hex = (algo: string, s: string) => createHash(algo).update(s).digest("hex");
function tree(doc: string, hashedName = "1".repeat(64)): Map<string, Uint8Array> {
  const shared = enc(doc);
  return new Map([
    ["templates/a/documentation.md", shared],
    [`templates/a/${hashedName}.documentation.md`, shared],
    ["indexes/catalog.json", enc("{}\n")],
    ["metadata/timestamp.json", enc(`{"v":"${doc}"}`)],
  ]);
}

describe("writeTree and the build manifest", () => {
  it("writes a manifest with sha256, size, md5 and cache class, and publish reads the tree from it", async () => {
    const dist = out();
    const files = tree("# A\n", hex("sha256", "# A\n"));
    const result = writeTree(dist, files);
    expect(result.mode).toBe("full");
    const manifest = parseManifest(readFileSync(join(dist, MANIFEST_PATH), "utf8"), "m");
    expect(manifest.files.get("templates/a/documentation.md")).toEqual({
      sha256: hex("sha256", "# A\n"),
      size: 4,
      md5: hex("md5", "# A\n"),
      cache: "plain",
    });
    expect(manifest.files.get("metadata/timestamp.json")?.cache).toBe("timestamp");
    const objects = await readManifestTree(dist);
    expect(objects?.map((o) => o.key)).toEqual([...files.keys()].sort());
  });

  it("a rebuild rewrites only the files whose bytes changed and removes those that left", () => {
    const dist = out();
    writeTree(dist, tree("# A\n"));
    const before = statSync(join(dist, "indexes/catalog.json")).mtimeMs;
    const next = tree("# B\n");
    next.delete(`templates/a/${"1".repeat(64)}.documentation.md`);
    const result = writeTree(dist, next);
    expect(result).toMatchObject({ mode: "incremental", written: 2, kept: 1, removed: 1 });
    expect(statSync(join(dist, "indexes/catalog.json")).mtimeMs).toBe(before);
    expect(readFileSync(join(dist, "templates/a/documentation.md"), "utf8")).toBe("# B\n");
  });

  it("a damaged manifest makes the next build write the whole tree", () => {
    const dist = out();
    writeTree(dist, tree("# A\n"));
    writeFileSync(join(dist, MANIFEST_PATH), "{not json");
    expect(writeTree(dist, tree("# A\n")).mode).toBe("full");
  });

  it("publish refuses a manifest whose hashed name does not match its sha256", async () => {
    const dist = out();
    writeTree(dist, tree("# A\n"));
    await expect(readManifestTree(dist)).rejects.toThrow(/not the one in its name/);
  });
});
