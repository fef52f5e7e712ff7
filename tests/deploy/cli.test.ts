import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKET, baseTargets, listBucket, ROOT, removeTemps, startS3, tempDir, writeTree } from "./helpers.js";

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** Runs scripts/publish.ts as npm would. Asynchronous, so the in-process s3rver keeps answering. */
function runPublish(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, "scripts/publish.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
let s3: Awaited<ReturnType<typeof startS3>>;

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
  removeTemps();
});

describe("npm run publish", () => {
  it("--dry-run prints the plan and changes nothing", async () => {
    const dir = tempDir();
    writeTree(dir, baseTargets(), 100);
    const r = await runPublish(["--bucket", BUCKET, "--prefix", "dry", "--dir", dir, "--endpoint", s3.endpoint, "--no-dynamodb", "--dry-run"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`plan for s3://${BUCKET}/dry/ (dry run: nothing is changed)`);
    expect(r.stdout).toMatch(/^ {2}upload {2}new +\d+ B {2}metadata\/timestamp\.json$/m);
    expect(r.stdout).toMatch(/^ {2}invalidate {2}\/api\/v1\/marketplace\/templates\/astronomy-astropy\/$/m);
    expect(r.stdout).toMatch(/^totals: 23 to upload \(.+\), 0 unchanged/m);
    expect((await listBucket(s3.client, "dry/")).size).toBe(0);
  });

  it("exits 2 with a hint and no stack trace when the tree is missing", async () => {
    const missing = join(tempDir(), "dist");
    const r = await runPublish(["--bucket", BUCKET, "--dir", missing, "--endpoint", s3.endpoint, "--no-dynamodb"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error PUBLISH_NO_TREE: ${missing}`);
    expect(r.stderr).toContain("hint: run `npm run build` first");
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe("");
  });

  it("exits 2 when the tree has no metadata/timestamp.json", async () => {
    const dir = tempDir();
    writeTree(dir, baseTargets(), 100);
    rmSync(join(dir, "metadata/timestamp.json"));
    const r = await runPublish(["--bucket", BUCKET, "--dir", dir, "--endpoint", s3.endpoint, "--no-dynamodb", "--dry-run"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/timestamp\.json is missing/);
    expect(r.stderr).toContain("npm run build");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
