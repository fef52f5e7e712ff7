import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startCdnServer } from "../../apps/local/cdn-server.js";
import { type Emulator, startS3rver } from "../../apps/local/emulators.js";
import { LOCAL_CREDENTIALS, s3Client } from "../../core/aws/clients.js";
import { MANIFEST_PATH, parseManifest } from "../../core/build/manifest.js";
import { runBuild } from "../../core/build/run-build.js";
import { TIERS } from "../../core/deploy/classify.js";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { binNameFor, isTopLevelTarget } from "../../core/tuf/delegation.js";
import type { Catalog, Template } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { TestClient } from "../tuf/helpers/tuf-fixture.js";

const BUCKET = "cdn";
const ID = "jupyter-data-science";
let s3: Emulator;
let cdn: RunningServer;
let work: string;

beforeAll(async () => {
  work = tempDir("cws-pipeline-");
  s3 = await startS3rver({ directory: join(work, "s3"), buckets: [BUCKET] });
  cdn = await startCdnServer({ s3: s3Client({ endpoint: s3.endpoint, credentials: LOCAL_CREDENTIALS }), bucket: BUCKET });
});
afterAll(async () => {
  await cdn?.close();
  await s3?.close();
});

/** A private registry copy, dev keys and output folder for one scenario. */
function scenario(name: string) {
  const dir = join(work, name);
  cpSync(join(ROOT, "registry"), join(dir, "registry"), { recursive: true });
  const keys = join(dir, "tuf");
  const out = join(dir, "dist");
  let clock = Date.now();
  return {
    out,
    build: () => {
      clock += 60_000; // each build signs a minute later, so metadata versions rise
      return runBuild({ registry: join(dir, "registry"), out, env: {}, devKeysDir: keys, now: new Date(clock), site: false });
    },
    publish: (extra: { failBeforeTier?: (typeof TIERS)[keyof typeof TIERS] } = {}) =>
      publishTree({ dir: out, bucket: BUCKET, prefix: `${name}/`, endpoint: s3.endpoint, dynamodb: false, now: new Date(clock), ...extra }),
    editTemplate: (edit: (t: Template) => void) => {
      const file = join(dir, "registry/templates", ID, "template.json");
      const t = JSON.parse(readFileSync(file, "utf8")) as Template;
      edit(t);
      writeFileSync(file, `${JSON.stringify(t, null, 2)}\n`);
    },
    client: () => new TestClient(`${cdn.url}/${name}`, readFileSync(join(keys, "root.json"))),
  };
}

function manifestOf(dir: string) {
  return parseManifest(readFileSync(join(dir, MANIFEST_PATH), "utf8"), dir);
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : out.push(relative(dir, join(d, n)));
  };
  walk(dir);
  // _publish/ holds the build manifest: publish reads it, it is never a tree object.
  return out.filter((f) => !f.startsWith("_publish/"));
}

describe("build → sign → publish → verify (s3rver, tuf-js over loopback HTTP)", () => {
  it("publishes everything once, nothing twice, and only what a one-template change touches", async () => {
    const s = scenario("incremental");
    await s.build();
    const first = await s.publish();
    expect(first.plan.totals.uploadCount).toBe(files(s.out).length);
    const client = s.client();
    const catalog = JSON.parse(await client.fetch("indexes/catalog.json")) as Catalog;
    const seeded = JSON.parse(readFileSync(join(ROOT, "registry/templates", ID, "template.json"), "utf8")) as Template;
    expect(catalog.templates.find((t) => t.template_id === ID)?.version).toBe(seeded.version);

    expect((await s.publish()).plan.totals.uploadCount).toBe(0);

    s.editTemplate((t) => {
      t.version = "9.0.0";
      t.description = "JupyterLab with pandas, Polars and DuckDB, now at version nine for this test.";
      const [newest] = t.changelog ?? [];
      if (newest) newest.version = "9.0.0";
    });
    await s.build();
    const third = await s.publish();
    const uploaded = third.plan.uploads.map((u) => u.key.replace(/^incremental\//, ""));
    const unrelated = uploaded.filter(
      (k) =>
        !k.startsWith("metadata/") &&
        !k.startsWith("indexes/") &&
        !k.includes(`/${ID}/`) &&
        !/^api\/v1\/marketplace\/(templates|featured|categories)\/(\w+\.)?index\.json$/.test(k.replace(/[0-9a-f]{64}\./, "")),
    );
    expect(unrelated).toEqual([]);
    expect(uploaded).toContain(`templates/${ID}/metadata.json`);
    expect(uploaded.at(-1)).toBe("metadata/timestamp.json");
    expect(uploaded.length).toBeLessThan(first.plan.totals.uploadCount / 4);
    const updated = JSON.parse(await client.fetch("indexes/catalog.json")) as Catalog;
    expect(updated.templates.find((t) => t.template_id === ID)?.version).toBe("9.0.0");
  });

  it("leaves readers on the old, consistent version when a publish dies before the timestamp", async () => {
    const s = scenario("killed");
    await s.build();
    await s.publish();
    const client = s.client();
    const before = await client.fetch(`templates/${ID}/metadata.json`);
    s.editTemplate((t) => {
      t.version = "9.0.0";
      const [newest] = t.changelog ?? [];
      if (newest) newest.version = "9.0.0";
    });
    await s.build();
    await expect(s.publish({ failBeforeTier: TIERS.timestamp })).rejects.toThrow();
    expect(await client.fetch(`templates/${ID}/metadata.json`)).toBe(before);
    const catalog = JSON.parse(await client.fetch("indexes/catalog.json")) as Catalog;
    expect(catalog.templates.find((t) => t.template_id === ID)?.version).not.toBe("9.0.0");
    await s.publish();
    expect(JSON.parse(await client.fetch(`templates/${ID}/metadata.json`)).version).toBe("9.0.0");
  });

  it("rejects a tampered object", async () => {
    const s = scenario("tampered");
    await s.build();
    await s.publish();
    const hashed = files(s.out).find((f) => /^indexes\/[0-9a-f]{64}\.catalog\.json$/.test(f)) ?? "";
    const client = s.client();
    await s3Client({ endpoint: s3.endpoint, credentials: LOCAL_CREDENTIALS }).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `tampered/${hashed}`, Body: '{"spec_version":1,"templates":[]}\n', ContentType: "application/json" }),
    );
    // The bytes differ in length and hash from what targets.json promises.
    await expect(client.fetch("indexes/catalog.json")).rejects.toThrow(/length|hash/i);
  });

  it("signs reproducibly with SOURCE_DATE_EPOCH", async () => {
    const a = join(work, "repro-a");
    const b = join(work, "repro-b");
    const keys = join(work, "repro-keys");
    const env = { SOURCE_DATE_EPOCH: "1790000000" };
    await runBuild({ registry: join(ROOT, "registry"), out: a, env, devKeysDir: keys });
    await runBuild({ registry: join(ROOT, "registry"), out: b, env, devKeysDir: keys });
    const list = files(a).sort();
    expect(files(b).sort()).toEqual(list);
    for (const f of list) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it("keeps every unchanged hash bin under SOURCE_DATE_EPOCH, and stays reproducible from the sources and the previous metadata", async () => {
    const s = scenario("epoch-bins");
    const keys = join(work, "epoch-bins", "tuf");
    const build = (out: string, epoch: number) =>
      runBuild({ registry: join(work, "epoch-bins", "registry"), out, env: { SOURCE_DATE_EPOCH: String(epoch) }, devKeysDir: keys, site: false });
    const v1 = await build(s.out, 1790000000);
    const before = manifestOf(s.out);
    const readme = join(work, "epoch-bins", "registry/templates", ID, "README.md");
    writeFileSync(readme, `${readFileSync(readme, "utf8")}\nOne more sentence, reworded for this test.\n`);
    const copy = join(work, "epoch-bins", "dist-copy");
    cpSync(s.out, copy, { recursive: true });
    const v2 = await build(s.out, 1790000600);
    const after = manifestOf(s.out);
    const changedTargets = [...after.files.keys()].filter(
      (k) => !k.startsWith("metadata/") && !/\/[0-9a-f]{64}\./.test(k) && before.files.get(k)?.sha256 !== after.files.get(k)?.sha256,
    );
    expect(changedTargets).toContain(`templates/${ID}/documentation.md`);
    const touched = new Set(changedTargets.filter((k) => !isTopLevelTarget(k)).map((k) => binNameFor(k, v2.delegation.bitLength)));
    expect(v2.delegation.bitLength).toBe(v1.delegation.bitLength);
    expect(touched.size).toBeLessThan(v2.delegation.bins);
    expect(v2.delegation.reusedBins).toBe(v2.delegation.bins - touched.size);
    // A kept bin is the previous file, still at the previous version; only touched bins are new.
    const newBins = [...after.files.keys()].filter((k) => /^metadata\/\d+\.bins-/.test(k) && !before.files.has(k));
    expect(newBins.sort()).toEqual([...touched].map((name) => `metadata/1790000600.${name}.json`).sort());
    // The same sources on the same previous tree give the same bytes.
    await build(copy, 1790000600);
    const list = files(s.out).sort();
    expect(files(copy).sort()).toEqual(list);
    for (const f of list) expect(readFileSync(join(copy, f)).equals(readFileSync(join(s.out, f))), f).toBe(true);
  });
});
