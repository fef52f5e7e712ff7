import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BuiltTree, buildTree } from "../../core/build/build-tree.js";
import type { BuildInput } from "../../core/build/inputs.js";
import { RENDER_CACHE_DIR, type RenderCache, readRenderCache, writeRenderCache } from "../../core/build/render-cache.js";
import { zeroStats } from "../../core/spec/ratings.js";
import { seededInput } from "../helpers/build-input.js";

const GENOMICS = "genomics-pipeline-v3";
const CODE = "code-1";

/** The cache a build leaves, as the next build in the same folder reads it. */
function cacheOf(tree: BuiltTree, code = CODE): RenderCache {
  return { code, templates: new Map(tree.outputs), packs: new Map() };
}

function expectSameFiles(actual: ReadonlyMap<string, Uint8Array>, expected: ReadonlyMap<string, Uint8Array>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [path, bytes] of expected) expect(Buffer.from(actual.get(path) ?? []).equals(Buffer.from(bytes)), path).toBe(true);
}

const ami = { image_id: "ami-0123456789abcdef0", owner_id: "123456789012", created_at: "2026-10-01T00:00:00Z" };
function withAmi(input: BuildInput): BuildInput {
  const version = input.templates.find((t) => t.template_id === GENOMICS)?.version ?? "";
  return { ...input, amiState: { version: 1, templates: { [GENOMICS]: { template_version: version, regions: { "us-east-1": { x86_64: ami } } } } } };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("reusing unchanged templates' output (content-hash render cache)", () => {
  it("an unchanged rebuild renders no template and gives the same bytes", () => {
    const input = seededInput();
    const first = buildTree(input, { reuse: { cache: undefined, code: CODE } });
    expect(first.rendered).toBe(first.templates);
    const again = buildTree(input, { reuse: { cache: cacheOf(first), code: CODE } });
    expect(again.rendered).toBe(0);
    expectSameFiles(again.files, buildTree(input).files);
  });

  it("a changed AMI state entry, stats or template re-renders only that template, and equals a clean build", () => {
    const input = seededInput();
    const cache = cacheOf(buildTree(input, { reuse: { cache: undefined, code: CODE } }));
    const changes: BuildInput[] = [
      withAmi(input),
      { ...input, stats: new Map([[GENOMICS, { ...zeroStats(), downloads: 7 }]]) },
      { ...input, templates: input.templates.map((t) => (t.template_id === GENOMICS ? { ...t, description: `${t.description} Now faster.` } : t)) },
    ];
    for (const changed of changes) {
      const next = buildTree(changed, { reuse: { cache, code: CODE } });
      expect(next.rendered).toBe(1);
      expectSameFiles(next.files, buildTree(changed).files);
    }
  });

  it("a changed build code version invalidates every reused output", () => {
    const input = seededInput();
    const cache = cacheOf(buildTree(input, { reuse: { cache: undefined, code: CODE } }));
    const next = buildTree(input, { reuse: { cache, code: "code-2" } });
    expect(next.rendered).toBe(next.templates);
  });

  it("an output that read the build time is reused only at the same build time", () => {
    // Outside git, a template without a changelog is dated by the build time.
    const input = seededInput();
    input.templates = input.templates.map((t) => (t.template_id === GENOMICS ? { ...t, changelog: [] } : t));
    const first = buildTree(input, { reuse: { cache: undefined, code: CODE } });
    expect(first.outputs?.get(GENOMICS)?.generatedAt).toBe(input.generatedAt);
    const later = { ...input, generatedAt: "2026-11-05T00:00:00Z" };
    const next = buildTree(later, { reuse: { cache: cacheOf(first), code: CODE } });
    expect(next.rendered).toBe(1);
    expectSameFiles(next.files, buildTree(later).files);
  });

  it("round-trips through its packs, rewrites only changed packs, and ignores a damaged one", () => {
    const out = mkdtempSync(join(tmpdir(), "cws-cache-"));
    dirs.push(out);
    const input = seededInput();
    const first = buildTree(input, { reuse: { cache: undefined, code: CODE } });
    const packs = writeRenderCache(out, CODE, first.outputs ?? new Map(), undefined, true);
    expect(packs).toBe(readdirSync(join(out, RENDER_CACHE_DIR)).length);
    const read = readRenderCache(out, CODE);
    expect(buildTree(input, { reuse: { cache: read, code: CODE } }).rendered).toBe(0);
    expect(readRenderCache(out, "code-2").templates.size).toBe(0);

    const changed = buildTree(withAmi(input), { reuse: { cache: read, code: CODE } });
    expect(writeRenderCache(out, CODE, changed.outputs ?? new Map(), read, false)).toBe(1);
    const reread = readRenderCache(out, CODE);
    expect(buildTree(withAmi(input), { reuse: { cache: reread, code: CODE } }).rendered).toBe(0);

    const [pack] = readdirSync(join(out, RENDER_CACHE_DIR));
    writeFileSync(join(out, RENDER_CACHE_DIR, pack as string), "{not a pack");
    const damaged = readRenderCache(out, CODE);
    expect(damaged.templates.size).toBeLessThan(reread.templates.size);
    const rebuilt = buildTree(withAmi(input), { reuse: { cache: damaged, code: CODE } });
    expect(rebuilt.rendered).toBe(reread.templates.size - damaged.templates.size);
    expectSameFiles(rebuilt.files, buildTree(withAmi(input)).files);
  });
});
