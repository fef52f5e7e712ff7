import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type PutObjectCommandInput, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { publishTree } from "../../core/deploy/publish-tree.js";
import { isTransient, withRetry } from "../../core/deploy/retry.js";
import { CwsError } from "../../core/errors.js";
import { baseTargets, removeTemps, tempDir, writeTree } from "./helpers.js";

const s3 = mockClient(S3Client);
afterAll(() => {
  s3.restore();
  removeTemps();
});

const serviceError = (name: string, status: number, fault: "client" | "server") =>
  new S3ServiceException({ name, $fault: fault, message: `${name} happened`, $metadata: { httpStatusCode: status } });

beforeEach(() => {
  s3.reset();
  s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
  s3.on(GetObjectCommand).rejects(serviceError("NoSuchKey", 404, "client"));
});

function putKeys(): string[] {
  return s3.commandCalls(PutObjectCommand).map((c) => (c.args[0].input as PutObjectCommandInput).Key ?? "");
}

async function publish(dir: string) {
  return publishTree({ dir, bucket: "b", dynamodb: false, clients: { s3: new S3Client({ region: "us-east-1" }) }, retry: { baseDelayMs: 0 } });
}

describe("transient and permanent S3 errors", () => {
  it("retries a 503 and a connection reset, then completes the publish", async () => {
    const dir = tempDir();
    writeTree(dir, baseTargets(), 100);
    const failed = new Set<string>();
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      const key = input.Key ?? "";
      if (key === "metadata/timestamp.json" && !failed.has(key)) {
        failed.add(key);
        throw serviceError("ServiceUnavailable", 503, "server");
      }
      if (key === "metadata/root.json" && !failed.has(key)) {
        failed.add(key);
        throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
      }
      return {};
    });
    const result = await publish(dir);
    const keys = putKeys();
    expect(keys.filter((k) => k === "metadata/timestamp.json")).toHaveLength(2);
    expect(keys.filter((k) => k === "metadata/root.json")).toHaveLength(2);
    // Every planned upload, the two retries, the state object and the inventory (pending, then final).
    expect(keys).toHaveLength(result.plan.uploads.length + 5);
    expect(keys.slice(-2)).toEqual(["_publish/state.json", "_publish/inventory.json"]);
  });

  it("surfaces a permanent error as a clear CwsError, without retrying it or moving on to later tiers", async () => {
    const dir = tempDir();
    writeTree(dir, baseTargets(), 100);
    s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
      if (input.Key === "metadata/100.targets.json") throw serviceError("AccessDenied", 403, "client");
      return {};
    });
    const error = await publish(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CwsError);
    expect((error as CwsError).code).toBe("PUBLISH_AWS");
    expect((error as CwsError).message).toBe("uploading s3://b/metadata/100.targets.json failed: AccessDenied [HTTP 403]: AccessDenied happened");
    expect((error as CwsError).hint).toMatch(/permission/);
    const keys = putKeys();
    expect(keys.filter((k) => k === "metadata/100.targets.json")).toHaveLength(1);
    expect(keys).not.toContain("metadata/100.snapshot.json");
    expect(keys).not.toContain("metadata/timestamp.json");
    expect(keys).not.toContain("_publish/state.json");
  });

  it("gives up on a transient error after the configured attempts", async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(serviceError("SlowDown", 503, "server"));
    };
    await expect(withRetry(failing, { attempts: 3, baseDelayMs: 0 })).rejects.toMatchObject({ name: "SlowDown" });
    expect(calls).toBe(3);
  });

  it("classifies errors", () => {
    expect(isTransient(serviceError("InternalError", 500, "server"))).toBe(true);
    expect(isTransient(serviceError("SlowDown", 503, "server"))).toBe(true);
    expect(isTransient(Object.assign(new Error("x"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }))).toBe(true);
    expect(isTransient(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransient(serviceError("AccessDenied", 403, "client"))).toBe(false);
    expect(isTransient(serviceError("NoSuchBucket", 404, "client"))).toBe(false);
    expect(isTransient(new Error("boom"))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
