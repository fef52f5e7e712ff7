import { randomUUID } from "node:crypto";
import { type CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { awsFailure } from "./aws-errors.js";
import { type RetryOptions, withRetry } from "./retry.js";

export type InvalidationResult =
  | { status: "created"; id: string; paths: string[]; callerReference: string }
  | { status: "skipped"; reason: "no distribution id" | "nothing to invalidate" | "dry run"; paths: string[] };

/** One reference per publish: a retried request then returns the same invalidation instead of a second one. */
export function callerReference(now: Date): string {
  return `cws-publish-${now.toISOString()}-${randomUUID()}`;
}

export async function invalidatePaths(options: {
  client: CloudFrontClient;
  distributionId: string | undefined;
  paths: readonly string[];
  callerReference: string;
  retry?: RetryOptions;
}): Promise<InvalidationResult> {
  const paths = [...options.paths];
  if (!options.distributionId) return { status: "skipped", reason: "no distribution id", paths };
  if (paths.length === 0) return { status: "skipped", reason: "nothing to invalidate", paths };
  try {
    const response = await withRetry(
      () =>
        options.client.send(
          new CreateInvalidationCommand({
            DistributionId: options.distributionId,
            InvalidationBatch: { CallerReference: options.callerReference, Paths: { Quantity: paths.length, Items: paths } },
          }),
        ),
      options.retry,
    );
    return { status: "created", id: response.Invalidation?.Id ?? "(no id returned)", paths, callerReference: options.callerReference };
  } catch (error) {
    throw awsFailure(`creating a CloudFront invalidation on ${options.distributionId}`, error);
  }
}
