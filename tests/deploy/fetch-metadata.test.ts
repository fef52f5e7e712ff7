// The CI flow for incremental bins: publish, fetch the live metadata into a fresh dist/, rebuild.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuild } from "../../core/build/run-build.js";
import { fetchPublishedMetadata } from "../../core/deploy/fetch-metadata.js";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { BUCKET, ROOT, removeTemps, startS3, tempDir } from "./helpers.js";

const T0 = new Date("2026-05-01T12:00:00Z");
let s3: Awaited<ReturnType<typeof startS3>>;

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
  removeTemps();
});

const REGISTRY = join(ROOT, "registry");

/** Runs scripts/fetch-metadata.ts as npm would. Asynchronous, so the in-process s3rver keeps answering. */
function fetchScript(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/fetch-metadata.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" },
    });
    const out = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk: Buffer) => (out.stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out.stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, ...out }));
  });
}
const isBin = (key: string) => /^metadata\/\d+\.bins-[0-9a-f]+\.json$/.test(key);

describe("fetch-metadata", () => {
  it("copies timestamp, snapshot and bins from the bucket, so the next CI build keeps unchanged bins", async () => {
    const keys = tempDir();
    const prefix = "fetch-ci/";
    const build = (out: string, minutes: number) =>
      runBuild({ registry: REGISTRY, out, env: {}, devKeysDir: keys, site: false, now: new Date(T0.getTime() + minutes * 60_000) });
    const publish = (dir: string, minutes: number) =>
      publishTree({ dir, bucket: BUCKET, prefix, dynamodb: false, now: new Date(T0.getTime() + minutes * 60_000), clients: { s3: s3.client } });

    const first = tempDir();
    const built = await build(first, 0);
    expect(built.delegation).toMatchObject({ bins: 2 ** built.delegation.bitLength, reusedBins: 0 });
    await publish(first, 0);

    // A CI runner starts from a clean checkout: no dist/ at all.
    const second = join(tempDir(), "dist");
    const fetched = await fetchPublishedMetadata({ client: s3.client, bucket: BUCKET, prefix }, second);
    const published = readdirSync(join(first, "metadata")).filter((name) => name === "timestamp.json" || /^\d+\.(snapshot|bins-[0-9a-f]+)\.json$/.test(name));
    expect([...fetched.files].sort()).toEqual(published.sort());
    expect(fetched.bins).toBe(built.delegation.bins);
    for (const name of fetched.files) expect(readFileSync(join(second, "metadata", name)).equals(readFileSync(join(first, "metadata", name))), name).toBe(true);

    const viaScript = join(tempDir(), "dist");
    const script = await fetchScript(["--bucket", BUCKET, "--prefix", prefix, "--endpoint", s3.endpoint, "--dir", viaScript]);
    expect(script.stdout).toBe(`fetched ${fetched.files.length} metadata files (${fetched.bins} bins) into ${viaScript}/metadata/\n`);
    expect(readdirSync(join(viaScript, "metadata")).sort()).toEqual(published.sort());

    const rebuilt = await build(second, 1);
    expect(rebuilt.delegation).toMatchObject({ bins: built.delegation.bins, reusedBins: built.delegation.bins });
    expect(rebuilt.warnings).toEqual([]);
    // The kept bins are written into the new tree, byte for byte, under their old names.
    for (const name of fetched.files.filter((file) => /\.bins-/.test(file))) {
      expect(readFileSync(join(second, "metadata", name)).equals(readFileSync(join(first, "metadata", name))), name).toBe(true);
    }
    const result = await publish(second, 1);
    const uploaded = result.plan.uploads.map((upload) => upload.key);
    expect(uploaded.filter(isBin)).toEqual([]);
    expect(uploaded).toEqual(expect.arrayContaining([`metadata/${rebuilt.metadataVersion}.snapshot.json`, "metadata/timestamp.json"]));
  });

  it("npm run fetch-metadata writes nothing on a first publish and explains a missing --bucket", async () => {
    const dir = join(tempDir(), "dist");
    const first = await fetchScript(["--bucket", BUCKET, "--prefix", "never-published", "--endpoint", s3.endpoint, "--dir", dir]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(`no metadata/timestamp.json in s3://${BUCKET}/never-published/: first publish\n`);
    expect(first.status).toBe(0);
    expect(readdirSync(join(dir, "metadata"))).toEqual([]);

    const missing = await fetchScript([]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--bucket is required");
  });
});
