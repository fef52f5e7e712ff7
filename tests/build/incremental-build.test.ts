import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { editTemplate } from "../../bench/corpus/edit.js";
import { MANIFEST_PATH } from "../../core/build/manifest.js";
import { type RunBuildOptions, runBuild } from "../../core/build/run-build.js";
import type { Template } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";

const ID = "genomics-pipeline-v3";
let work: string;
let registry: string;
let keys: string;

beforeAll(() => {
  work = tempDir("cws-incremental-");
  registry = join(work, "registry");
  keys = join(work, "tuf");
  cpSync(join(ROOT, "registry"), registry, { recursive: true });
});

const build = (out: string, extra: Partial<RunBuildOptions> = {}) =>
  runBuild({ registry, out, env: { SOURCE_DATE_EPOCH: "1793491200" }, devKeysDir: keys, site: false, ...extra });

/** Every file under dir (the tree, its manifest and the render cache) by relative path. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

function expectSameTree(actual: string, expected: string): void {
  const a = snapshot(actual);
  const b = snapshot(expected);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [path, bytes] of b) expect(a.get(path)?.equals(bytes), path).toBe(true);
}

describe("npm run build reuses unchanged templates (runBuild)", () => {
  it("after a one-template change equals a clean build byte for byte; an unchanged rebuild writes nothing", async () => {
    const out = join(work, "dist");
    const first = await build(out);
    expect(first.rendered).toBe(first.templates);

    const same = await build(out);
    expect(same).toMatchObject({ rendered: 0, write: { mode: "incremental", written: 0 } });

    const file = join(registry, "templates", ID, "template.json");
    writeFileSync(file, `${JSON.stringify(editTemplate(JSON.parse(readFileSync(file, "utf8")) as Template), null, 2)}\n`);
    const changed = await build(out);
    expect(changed.rendered).toBe(1);
    // Only that template's files, the indexes and the metadata are rewritten.
    const manifest = readFileSync(join(out, MANIFEST_PATH), "utf8");
    expect(changed.write.written).toBeLessThan(40);
    expect(changed.write.written).toBeGreaterThan(0);

    const clean = join(work, "clean");
    const fresh = await build(clean);
    expect(fresh.rendered).toBe(fresh.templates);
    expectSameTree(out, clean);
    expect(readFileSync(join(clean, MANIFEST_PATH), "utf8")).toBe(manifest);
  });

  it("a changed AMI state re-renders the templates it names, a changed build code version all of them", async () => {
    const out = join(work, "dist-ami");
    await build(out);
    const version = (JSON.parse(readFileSync(join(registry, "templates", ID, "template.json"), "utf8")) as Template).version;
    const ami = { image_id: "ami-0123456789abcdef0", owner_id: "123456789012", created_at: "2026-10-01T00:00:00Z" };
    const amiState = join(work, "ami-state.json");
    writeFileSync(amiState, JSON.stringify({ version: 1, templates: { [ID]: { template_version: version, regions: { "us-east-1": { x86_64: ami } } } } }));
    const withAmi = await build(out, { amiState });
    expect(withAmi.rendered).toBe(1);
    const clean = join(work, "clean-ami");
    await build(clean, { amiState });
    expectSameTree(out, clean);

    const otherCode = await build(out, { amiState, codeVersion: "another build code version" });
    expect(otherCode.rendered).toBe(otherCode.templates);
    expect(otherCode.write.written).toBe(0);
  });
});
