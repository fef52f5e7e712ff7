// A loopback stand-in for a Lambda function URL with AuthType AWS_IAM: it verifies SigV4 with
// its own implementation of the spec (node:crypto only, not the SDK's signer), then hands the
// request to the real Lambda adapter (apps/api/lambda.ts) with requestContext.authorizer.iam set
// to the verified principal, as Lambda does.
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { FunctionUrlEvent, LambdaHandler } from "../../../apps/api/lambda.js";
import { listenLoopback } from "./ec2-fake.js";

export interface IamKey {
  accessKeyId: string;
  secretAccessKey: string;
  userArn: string;
  accountId: string;
}

export type Verdict = { kind: "signed"; key: IamKey } | { kind: "anonymous" } | { kind: "refused"; reason: string };

export interface SignedRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();
/** RFC 3986 unreserved characters stay; everything else is %XX (upper case), as SigV4 wants. */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
};

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** Checks a request's SigV4 signature against the known keys, for one service and region. */
export function verifySigV4(req: SignedRequest, keys: readonly IamKey[], expect: { service: string; region: string }, now = new Date()): Verdict {
  const authorization = header(req.headers, "authorization");
  if (authorization === undefined) return { kind: "anonymous" };
  const m = AUTH.exec(authorization);
  if (!m) return { kind: "refused", reason: "malformed Authorization header" };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  const key = keys.find((k) => k.accessKeyId === accessKeyId);
  if (!key) return { kind: "refused", reason: "unknown access key" };
  if (service !== expect.service || region !== expect.region) return { kind: "refused", reason: `scope is ${region}/${service}` };
  const amzDate = header(req.headers, "x-amz-date") ?? "";
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) return { kind: "refused", reason: "bad x-amz-date" };
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (Math.abs(now.getTime() - signedAt) > 15 * 60_000) return { kind: "refused", reason: "signature expired" };
  const names = (signedHeaders ?? "").split(";");
  if (!names.includes("host")) return { kind: "refused", reason: "host is not signed" };

  const payloadHash = sha256(req.body);
  const declared = header(req.headers, "x-amz-content-sha256");
  if (declared !== undefined && declared !== payloadHash) return { kind: "refused", reason: "body does not match x-amz-content-sha256" };

  const [rawPath = "/", rawQuery = ""] = req.url.split("?", 2);
  // Non-S3 services: each path segment is encoded again on top of the client's own encoding.
  const canonicalUri = rawPath.split("/").map(encode).join("/") || "/";
  const canonicalQuery = rawQuery
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const [k = "", v = ""] = pair.split("=", 2);
      return [encode(decodeURIComponent(k.replace(/\+/g, " "))), encode(decodeURIComponent(v.replace(/\+/g, " ")))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalHeaders = names.map((n) => `${n}:${(header(req.headers, n) ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, declared ?? payloadHash].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date ?? ""), region ?? ""), service ?? ""), "aws4_request");
  const expected = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest();
  const given = Buffer.from(signature ?? "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: "refused", reason: "signature does not match" };
  return { kind: "signed", key };
}

export interface SignedApi {
  url: string;
  /** Every request with the verifier's verdict. */
  requests: (SignedRequest & { verdict: Verdict })[];
  close(): Promise<void>;
}

/** Serves `handler` on loopback behind SigV4 verification: refused → 403 (as AWS answers), anonymous → no authorizer. */
export async function startSignedApi(handler: LambdaHandler, keys: readonly IamKey[], region: string): Promise<SignedApi> {
  const api: SignedApi = { url: "", requests: [], close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: SignedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks) };
      const verdict = verifySigV4(request, keys, { service: "lambda", region });
      api.requests.push({ ...request, verdict });
      if (verdict.kind === "refused") {
        res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ message: `Forbidden: ${verdict.reason}` }));
        return;
      }
      const [rawPath = "/", rawQueryString = ""] = request.url.split("?", 2);
      const headers: Record<string, string> = {};
      for (const name of Object.keys(req.headers)) headers[name] = header(req.headers, name) ?? "";
      const event: FunctionUrlEvent = {
        version: "2.0",
        rawPath,
        rawQueryString,
        headers,
        requestContext: {
          domainName: headers.host ?? "127.0.0.1",
          http: { method: request.method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: headers["user-agent"] ?? "" },
          ...(verdict.kind === "signed"
            ? {
                authorizer: {
                  iam: { accessKey: verdict.key.accessKeyId, accountId: verdict.key.accountId, userArn: verdict.key.userArn, callerId: null, userId: null },
                },
              }
            : {}),
        },
        ...(request.body.length ? { body: request.body.toString("base64") } : {}),
        isBase64Encoded: request.body.length > 0,
      };
      handler(event).then(
        (result) => res.writeHead(result.statusCode, result.headers).end(result.body),
        (error: Error) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: error.message })),
      );
    });
  });
  Object.assign(api, await listenLoopback(server));
  return api;
}
