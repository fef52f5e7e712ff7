import { CwsError, EXIT } from "../errors.js";

interface AwsErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const CREDENTIAL_ERRORS = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidClientTokenId", "UnrecognizedClientException"]);

/**
 * Turns a failed AWS call into one clear line with what to check. Only the error's name, status
 * and message are used: none of them carries credentials.
 */
export function awsFailure(action: string, error: unknown): CwsError {
  if (error instanceof CwsError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as AwsErrorShape;
  const name = typeof e.name === "string" ? e.name : "Error";
  const code = typeof e.code === "string" ? e.code : undefined;
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const message = typeof e.message === "string" && e.message !== "" ? e.message : String(error);
  const detail = `${name}${code && code !== name ? ` (${code})` : ""}${status ? ` [HTTP ${status}]` : ""}: ${message}`;
  return new CwsError("PUBLISH_AWS", `${action} failed: ${detail}`, hintFor(name, code, status), EXIT.usage);
}

function hintFor(name: string, code: string | undefined, status: number | undefined): string {
  if (name === "NoSuchBucket") return "create the bucket, or check --bucket (and --endpoint)";
  if (name === "ResourceNotFoundException") return "create the tables first: npm run create-tables (with the same --prefix/endpoint)";
  if (name === "CredentialsProviderError") return "configure AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or an instance role)";
  if (CREDENTIAL_ERRORS.has(name)) return "check the AWS credentials in use (AWS_PROFILE or AWS_ACCESS_KEY_ID)";
  if (name === "AccessDenied" || name === "AccessDeniedException" || status === 403)
    return "the credentials in use lack permission for this call; check the IAM policy";
  if (code === "ECONNREFUSED" || code === "ENOTFOUND") return "check the endpoint address and that the service is running";
  return "re-run publish once the cause is fixed; it skips what is already uploaded and resumes";
}
