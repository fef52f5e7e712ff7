import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoClient } from "../../core/aws/clients.js";
import { type ApiBindings, createApp } from "./app.js";
import { type IamContext, principalHandles } from "./identity.js";

/** A Lambda function URL request (payload format version 2.0). */
export interface FunctionUrlEvent {
  version: "2.0";
  routeKey?: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext: {
    accountId?: string;
    apiId?: string;
    domainName?: string;
    domainPrefix?: string;
    http: { method: string; path: string; protocol?: string; sourceIp?: string; userAgent?: string };
    requestId?: string;
    routeKey?: string;
    stage?: string;
    time?: string;
    timeEpoch?: number;
    authentication?: unknown;
    /** Present with AuthType AWS_IAM: the SigV4-verified caller. */
    authorizer?: { iam?: IamContext };
  };
  body?: string;
  pathParameters?: unknown;
  stageVariables?: unknown;
  isBase64Encoded: boolean;
}

/** A function URL response (payload format version 2.0). */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  cookies?: string[];
}

export type LambdaHandler = (event: FunctionUrlEvent, context?: unknown) => Promise<FunctionUrlResult>;

export interface LambdaApiOptions {
  client?: DynamoDBClient;
  tablePrefix?: string;
  /**
   * Environment: CWS_TABLE_PREFIX, CWS_PRINCIPAL_HANDLES (JSON: principal ARN → handle), CWS_INCLUDE_NON_PUBLIC=1,
   * and for registry changes CWS_REGISTRY_REPO, CWS_REGISTRY_BRANCH, CWS_REGISTRY_TOKEN, CWS_GITHUB_API_URL,
   * CWS_GITHUB_REPO, CWS_REGISTRY_WORKSPACE_DIR (default under /tmp).
   */
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

/**
 * The marketplace API as a Lambda handler behind a function URL. Callers are the IAM principals
 * of requestContext.authorizer.iam (function URL AuthType AWS_IAM); without it a request is
 * anonymous (reads only). The development X-CWS-User header is refused with 400.
 */
export function createLambdaHandler(options: LambdaApiOptions = {}): LambdaHandler {
  const env = options.env ?? process.env;
  const tablePrefix = options.tablePrefix ?? env.CWS_TABLE_PREFIX;
  const app = createApp({
    client: options.client ?? dynamoClient(),
    ...(tablePrefix !== undefined ? { tablePrefix } : {}),
    identity: { kind: "iam", handles: principalHandles(env.CWS_PRINCIPAL_HANDLES) },
    includeNonPublic: env.CWS_INCLUDE_NON_PUBLIC === "1",
    registryEnv: env,
    ...(options.now ? { now: options.now } : {}),
  });
  return async (event) => {
    const response = await app.fetch(toRequest(event), { lambdaEvent: event } satisfies ApiBindings);
    return toResult(response);
  };
}

function toRequest(event: FunctionUrlEvent): Request {
  const host = event.requestContext.domainName ?? event.headers?.host ?? "lambda.invalid";
  const url = `https://${host}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ""}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  if (event.cookies?.length) headers.set("cookie", event.cookies.join("; "));
  const method = event.requestContext.http.method.toUpperCase();
  const hasBody = event.body !== undefined && event.body !== "" && method !== "GET" && method !== "HEAD";
  const body = hasBody ? (event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64") : Buffer.from(event.body ?? "", "utf8")) : undefined;
  if (body) headers.set("content-length", String(body.length));
  return new Request(url, { method, headers, ...(body ? { body } : {}) });
}

async function toResult(response: Response): Promise<FunctionUrlResult> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") cookies.push(value);
    else headers[name] = value;
  });
  // Every answer is JSON text, so the body never needs base64.
  return { statusCode: response.status, headers, body: await response.text(), isBase64Encoded: false, ...(cookies.length ? { cookies } : {}) };
}

let cached: LambdaHandler | undefined;

/** The deployed entry point (handler: apps/api/lambda.handler): one app per warm container. */
export const handler: LambdaHandler = (event, context) => {
  cached ??= createLambdaHandler();
  return cached(event, context);
};
