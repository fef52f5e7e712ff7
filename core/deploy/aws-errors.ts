import { awsError } from "../aws/errors.js";
import { type CwsError, EXIT } from "../errors.js";

/** A failed S3 or DynamoDB call during a deploy, as core/aws/errors.ts maps it (code PUBLISH_AWS). */
export function awsFailure(action: string, error: unknown): CwsError {
  return awsError(error, {
    action,
    code: "PUBLISH_AWS",
    exit: EXIT.usage,
    denied: "the credentials in use lack permission for this call; check the IAM policy",
    retry: "re-run publish once the cause is fixed; it skips what is already uploaded and resumes",
    hints: {
      NoSuchBucket: "create the bucket, or check --bucket (and --endpoint)",
      ResourceNotFoundException: "create the tables first: npm run create-tables (with the same --prefix/endpoint)",
      ECONNREFUSED: "check the endpoint address and that the service is running",
      ENOTFOUND: "check the endpoint address and that the service is running",
    },
  });
}
