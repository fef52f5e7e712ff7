import { CwsError, EXIT, isCwsError } from "../errors.js";

/**
 * The one mapping of AWS SDK errors to CwsErrors, for the CLI's launch, the instance publisher and
 * the deploy to S3/DynamoDB. Only an error's name, code, HTTP status and message are read: none of
 * them carries credentials. Importing this file loads no SDK.
 */

/** Names the SDK's credential chain gives when it finds no credentials at all. */
export const MISSING_CREDENTIALS: ReadonlySet<string> = new Set(["CredentialsProviderError", "ProviderError"]);

/** Every name the SDK gives a call that found no credentials, or whose credentials AWS rejected. */
export const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  ...MISSING_CREDENTIALS,
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AuthFailure",
  "UnrecognizedClientException",
]);

/** Names AWS gives a call the credentials are not allowed to make. */
export const DENIED_ERRORS: ReadonlySet<string> = new Set(["UnauthorizedOperation", "AccessDenied", "AccessDeniedException"]);

export const CREDENTIALS_HINT = "configure AWS credentials (aws configure, AWS_PROFILE, aws sso login or an instance role) and retry";

export interface AwsErrorFacts {
  /** The error's name when it is a plain identifier (usable as a stable error code), else AWS_ERROR. */
  name: string;
  code: string | undefined;
  status: number | undefined;
  message: string;
  kind: "credentials" | "denied" | "other";
}

export function awsErrorFacts(error: unknown): AwsErrorFacts {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const raw = typeof e.name === "string" ? e.name : "";
  const name = /^[A-Za-z0-9_.-]{1,64}$/.test(raw) ? raw : "AWS_ERROR";
  const code = typeof e.code === "string" ? e.code : undefined;
  const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const message = typeof e.message === "string" && e.message !== "" ? e.message : String(error);
  const kind = CREDENTIAL_ERRORS.has(name) ? "credentials" : DENIED_ERRORS.has(name) || status === 403 ? "denied" : "other";
  return { name, code, status, message, kind };
}

export interface AwsErrorContext {
  /** What was being done, as the message's subject ("DescribeInstances", "uploading s3://…"). */
  action: string;
  /** What to ask for when AWS denies the call. */
  denied: string;
  /** What to do about any other failure. */
  retry: string;
  /** The error's code; the AWS error name (stable, and what launch_failed reports) when omitted. */
  code?: string;
  /** Hints for particular error names or network codes, checked before the generic ones. */
  hints?: Readonly<Record<string, string>>;
  /** EXIT.failed unless given. */
  exit?: number;
}

/** An AWS SDK failure as a CwsError with one clear line and what to check; CwsErrors pass through. */
export function awsError(error: unknown, ctx: AwsErrorContext): CwsError {
  if (isCwsError(error)) return error;
  const f = awsErrorFacts(error);
  const detail = `${f.name}${f.code && f.code !== f.name ? ` (${f.code})` : ""}${f.status ? ` [HTTP ${f.status}]` : ""}: ${f.message}`;
  const specific = ctx.hints?.[f.name] ?? (f.code ? ctx.hints?.[f.code] : undefined);
  const hint = specific ?? (f.kind === "credentials" ? CREDENTIALS_HINT : f.kind === "denied" ? ctx.denied : ctx.retry);
  // With a fixed code the AWS name is only in the message, so the message always carries it.
  const message = ctx.code
    ? `${ctx.action} failed: ${detail}`
    : f.kind === "credentials"
      ? `${ctx.action}: AWS rejected or could not find credentials (${f.message})`
      : f.kind === "denied"
        ? `${ctx.action} is not allowed for these AWS credentials (${f.message})`
        : `${ctx.action} failed: ${f.message}`;
  return new CwsError(ctx.code ?? f.name, message, hint, ctx.exit ?? EXIT.failed);
}
