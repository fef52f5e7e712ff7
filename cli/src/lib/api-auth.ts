/**
 * Who the CLI is to the marketplace API. The deployed API is a Lambda function URL with AWS_IAM
 * auth: it knows callers only from SigV4-signed requests. The local one (npm start) takes the
 * development-only X-CWS-User header instead, which the deployed API refuses outright.
 *
 * - A loopback API with a configured handle (--as, CWS_USER, "user" in the config file) gets
 *   X-CWS-User and is not signed.
 * - Every other request that needs an identity is signed with SigV4 (service "lambda", the
 *   function URL's region) from the standard AWS credential chain. Only a loopback API may be
 *   called unsigned when there are no credentials; it then answers as it would to anyone.
 *
 * The signer and credential providers are the AWS SDK's own, imported here on first use, so
 * read commands never load them.
 */
import { configuredRegion } from "./config.js";
import { CLI_EXIT, cliError } from "./errors.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface ApiRequestParts {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface AuthOptions {
  /** The caller's handle for a local API; never sent anywhere else. */
  user?: string | undefined;
  /** Region to sign for when the URL is not a function URL (config region, AWS_REGION). */
  region?: string | undefined;
  env?: Env;
}

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;

export function isLoopback(url: string): boolean {
  return LOOPBACK.test(url);
}

/** The region of a Lambda function URL (https://<url-id>.lambda-url.<region>.on.aws). */
export function functionUrlRegion(url: string): string | undefined {
  try {
    return /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(new URL(url).hostname)?.[1];
  } catch {
    return undefined;
  }
}

/** The headers to send with a request that needs an identity: the request's own, plus X-CWS-User or the SigV4 ones. */
export async function authorize(request: ApiRequestParts, options: AuthOptions = {}): Promise<Record<string, string>> {
  const env = options.env ?? process.env;
  const local = isLoopback(request.url);
  if (local && options.user) return { ...request.headers, "x-cws-user": options.user };
  const { signRequest } = await import("./sigv4.js");
  const region = functionUrlRegion(request.url) ?? options.region ?? configuredRegion(env) ?? "us-east-1";
  const signed = await signRequest(request, region);
  if (signed) return signed;
  if (local) return request.headers;
  throw cliError(
    "NO_AWS_CREDENTIALS",
    `the marketplace API at ${new URL(request.url).origin} takes AWS-signed requests, and no AWS credentials were found`,
    "configure credentials once (aws configure, aws sso login or AWS_PROFILE) and retry",
    CLI_EXIT.usage,
  );
}
