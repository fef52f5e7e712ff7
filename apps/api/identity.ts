import { createHash } from "node:crypto";
import { HANDLE } from "../../core/spec/ids.js";
import { DEV_USER_HEADER } from "../../core/spec/live-reviews.js";
import { ApiError } from "./errors.js";

/** Who is calling: a marketplace handle, and in Lambda mode the IAM principal behind it. */
export interface Caller {
  handle: string;
  principal?: string;
  accountId?: string;
}

/**
 * How callers are identified.
 * - "dev-header": local development only (npm start, tests). The caller is the
 *   X-CWS-User header, taken on trust.
 * - "iam": AWS Lambda behind a function URL with AWS_IAM auth. The caller is the signed IAM
 *   principal in requestContext.authorizer.iam; X-CWS-User is refused outright.
 */
export type IdentityMode = { kind: "dev-header" } | { kind: "iam"; handles?: Readonly<Record<string, string>> };

export { DEV_USER_HEADER };

/** The IAM part of a function URL request context (requestContext.authorizer.iam). */
export interface IamContext {
  accessKey?: string | null;
  accountId?: string | null;
  callerId?: string | null;
  cognitoIdentity?: unknown;
  principalOrgId?: string | null;
  userArn?: string | null;
  userId?: string | null;
}

/**
 * Resolves the caller, or undefined for an anonymous request. Throws for a request that carries
 * an identity it may not use (a bad handle, or the development header in Lambda mode).
 */
export function resolveCaller(mode: IdentityMode, header: (name: string) => string | undefined, iam: IamContext | undefined): Caller | undefined {
  const dev = header(DEV_USER_HEADER);
  if (mode.kind === "iam") {
    if (dev !== undefined)
      throw new ApiError(400, "DEV_IDENTITY_REFUSED", "the X-CWS-User header is for local development only and is refused by the deployed API", {
        hint: "remove the header; sign the request with AWS SigV4 (IAM auth) instead",
      });
    if (!iam?.userArn) return undefined;
    return { handle: handleForPrincipal(iam.userArn, mode.handles), principal: iam.userArn, ...(iam.accountId ? { accountId: iam.accountId } : {}) };
  }
  if (dev === undefined || dev === "") return undefined;
  if (!HANDLE.test(dev))
    throw new ApiError(400, "INVALID_IDENTITY", `X-CWS-User "${dev.slice(0, 64)}" is not a handle`, {
      hint: "use lowercase letters, digits and single hyphens, at most 39 characters",
    });
  return { handle: dev };
}

/**
 * The handle of an IAM principal: the deployment's mapping (CWS_PRINCIPAL_HANDLES) when it has
 * one, else the principal's name (user name, or role session name) made handle-safe, plus 8 hex
 * digits of the full ARN so two accounts' "alice" never share reviews.
 */
export function handleForPrincipal(userArn: string, handles?: Readonly<Record<string, string>>): string {
  const mapped = handles?.[userArn];
  if (mapped && HANDLE.test(mapped)) return mapped;
  const resource = userArn.split(":").slice(5).join(":");
  const name = resource.split("/").pop() ?? "";
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, 30)
      .replace(/-+$/, "") || "aws";
  return `${base}-${createHash("sha256").update(userArn).digest("hex").slice(0, 8)}`;
}

/** Parses CWS_PRINCIPAL_HANDLES (a JSON object from principal ARN to handle). */
export function principalHandles(json: string | undefined): Record<string, string> {
  if (!json) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`CWS_PRINCIPAL_HANDLES is not JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new Error("CWS_PRINCIPAL_HANDLES must be a JSON object from principal ARN to handle");
  const out: Record<string, string> = {};
  for (const [arn, handle] of Object.entries(parsed)) {
    if (typeof handle !== "string" || !HANDLE.test(handle)) throw new Error(`CWS_PRINCIPAL_HANDLES: "${String(handle)}" (for ${arn}) is not a handle`);
    out[arn] = handle;
  }
  return out;
}
