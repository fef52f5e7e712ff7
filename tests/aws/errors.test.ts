import { describe, expect, it } from "vitest";
import { toCliError } from "../../cli/src/launch/ec2.js";
import { awsError, CREDENTIALS_HINT } from "../../core/aws/errors.js";
import { awsFailure } from "../../core/deploy/aws-errors.js";
import { CwsError, EXIT } from "../../core/errors.js";

const sdkError = (name: string, message = `${name} happened`, status?: number) =>
  Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe("one AWS error mapping (core/aws/errors.ts)", () => {
  it.each([
    "CredentialsProviderError",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "AuthFailure",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
  ])("every caller reads %s as a credentials problem", (name) => {
    const launch = toCliError(sdkError(name), "RunInstances") as CwsError;
    const deploy = awsFailure("uploading s3://b/x", sdkError(name));
    expect(launch.hint).toBe(CREDENTIALS_HINT);
    expect(deploy.hint).toBe(CREDENTIALS_HINT);
    expect(launch.code).toBe(name);
    expect(launch.exitCode).toBe(EXIT.failed);
  });

  it("names what to ask for when AWS denies a call, and passes CwsErrors through", () => {
    const denied = toCliError(sdkError("UnauthorizedOperation", "You are not authorized"), "RunInstances") as CwsError;
    expect(denied.message).toBe("RunInstances is not allowed for these AWS credentials (You are not authorized)");
    expect(denied.hint).toContain("ec2:RunInstances");
    const own = new CwsError("X", "already mapped");
    expect(awsError(own, { action: "a", denied: "", retry: "" })).toBe(own);
  });

  it("keeps a caller's fixed code, exit and specific hints, with the AWS name in the message", () => {
    const e = awsFailure("listing s3://b/", sdkError("NoSuchBucket", "The bucket does not exist", 404));
    expect(e.code).toBe("PUBLISH_AWS");
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toBe("listing s3://b/ failed: NoSuchBucket [HTTP 404]: The bucket does not exist");
    expect(e.hint).toContain("create the bucket");
  });

  it("never uses an odd error name as a code", () => {
    expect((toCliError(sdkError("not a name!"), "DescribeImages") as CwsError).code).toBe("AWS_ERROR");
  });
});
