import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invalidatePaths } from "../../core/deploy/cloudfront.js";
import { invalidationPaths, pathsForKey } from "../../core/deploy/invalidation-paths.js";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { BUCKET, baseTargets, removeTemps, startS3, tempDir, writeTree } from "./helpers.js";

const cloudFront = mockClient(CloudFrontClient);
let s3: Awaited<ReturnType<typeof startS3>>;

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  cloudFront.restore();
  await s3.close();
  removeTemps();
});
beforeEach(() => {
  cloudFront.reset();
  cloudFront
    .on(CreateInvalidationCommand)
    .resolves({ Invalidation: { Id: "I2J3K4", Status: "InProgress", CreateTime: new Date(), InvalidationBatch: undefined } });
});

describe("CloudFront invalidation", () => {
  it("invalidates exactly the uploaded mutable paths, once per publish, with a fresh caller reference", async () => {
    const dir = tempDir();
    const targets = baseTargets();
    writeTree(dir, targets, 100);
    const client = new CloudFrontClient({ region: "us-east-1" });
    const common = { dir, bucket: BUCKET, prefix: "cf", distributionId: "E123", dynamodb: false as const, clients: { s3: s3.client, cloudFront: client } };
    const first = await publishTree(common);
    expect(first.invalidation).toMatchObject({ status: "created", id: "I2J3K4" });

    const id = "astronomy-astropy";
    writeTree(dir, { ...targets, [`api/v1/marketplace/templates/${id}/index.json`]: `{"id":"${id}","v":2}\n` }, 101);
    const second = await publishTree(common);
    const calls = cloudFront.commandCalls(CreateInvalidationCommand);
    expect(calls).toHaveLength(2);
    const batch = calls[1]?.args[0].input.InvalidationBatch;
    expect(calls[1]?.args[0].input.DistributionId).toBe("E123");
    // Hashed copies and versioned metadata are immutable and new by name: never invalidated.
    expect(batch?.Paths).toEqual({
      Quantity: 4,
      Items: [
        `/api/v1/marketplace/templates/${id}`,
        `/api/v1/marketplace/templates/${id}/`,
        `/api/v1/marketplace/templates/${id}/index.json`,
        "/metadata/timestamp.json",
      ],
    });
    expect(batch?.CallerReference).not.toBe(calls[0]?.args[0].input.InvalidationBatch?.CallerReference);
    expect(second.invalidation).toMatchObject({ status: "created", paths: batch?.Paths?.Items });

    // Nothing changed: no request at all.
    const third = await publishTree(common);
    expect(third.invalidation).toMatchObject({ status: "skipped", reason: "nothing to invalidate" });
    expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(2);
  });

  it("is skipped without a distribution id", async () => {
    const dir = tempDir();
    writeTree(dir, baseTargets(), 100);
    const result = await publishTree({
      dir,
      bucket: BUCKET,
      prefix: "nocf",
      dynamodb: false,
      clients: { s3: s3.client, cloudFront: new CloudFrontClient({}) },
    });
    expect(result.plan.invalidationPaths.length).toBeGreaterThan(0);
    expect(result.invalidation).toMatchObject({ status: "skipped", reason: "no distribution id" });
    expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(0);
  });

  it("retries a throttled request with the same caller reference", async () => {
    cloudFront.reset();
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "Throttling", $metadata: { httpStatusCode: 400 } });
    cloudFront
      .on(CreateInvalidationCommand)
      .rejectsOnce(throttled)
      .resolves({ Invalidation: { Id: "RETRIED", Status: "InProgress", CreateTime: new Date(), InvalidationBatch: undefined } });
    const result = await invalidatePaths({
      client: new CloudFrontClient({}),
      distributionId: "E1",
      paths: ["/a"],
      callerReference: "ref-1",
      retry: { baseDelayMs: 0 },
    });
    expect(result).toMatchObject({ status: "created", id: "RETRIED" });
    const refs = cloudFront.commandCalls(CreateInvalidationCommand).map((c) => c.args[0].input.InvalidationBatch?.CallerReference);
    expect(refs).toEqual(["ref-1", "ref-1"]);
  });
});

describe("invalidation paths", () => {
  it("adds directory paths for index files and encodes unsafe characters", () => {
    expect(pathsForKey("index.html")).toEqual(["/index.html", "/"]);
    expect(pathsForKey("docs/index.html")).toEqual(["/docs/index.html", "/docs", "/docs/"]);
    expect(pathsForKey("indexes/catalog.json")).toEqual(["/indexes/catalog.json"]);
    expect(pathsForKey("a b/*.json")).toEqual(["/a%20b/%2A.json"]);
  });

  it("falls back to /* above 1000 paths", () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `p/${i}.json`);
    expect(invalidationPaths(keys)).toEqual(["/*"]);
    expect(invalidationPaths(keys.slice(0, 1000))).toHaveLength(1000);
    // 334 index files expand to 1002 paths.
    expect(invalidationPaths(Array.from({ length: 334 }, (_, i) => `t/${i}/index.json`))).toEqual(["/*"]);
  });
});
