import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ApiRequestParts } from "./api-auth.js";
import { awsCredentials } from "./aws-credentials.js";

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): Buffer =>
  typeof data === "string"
    ? Buffer.from(data, "utf8")
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** The SDK's hash interface over node:crypto (what @smithy/hash-node does): SHA-256, or HMAC-SHA256 with a secret. */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/**
 * Signs a request with SigV4 for a Lambda function URL (service "lambda") using the AWS SDK's
 * signer and its default credential chain (environment, SSO, shared config and credentials
 * files, process, web identity, container and instance metadata). Returns the headers to send,
 * or undefined when the chain finds no credentials.
 */
export async function signRequest(request: ApiRequestParts, region: string): Promise<Record<string, string> | undefined> {
  const credentials = await awsCredentials();
  if (!credentials) return undefined;
  const url = new URL(request.url);
  const signer = new SignatureV4({ service: "lambda", region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    // Host is signed; fetch sends the same value itself, so it is not passed on.
    headers: { ...request.headers, host: url.host },
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name.toLowerCase() !== "host") headers[name] = String(value);
  return headers;
}
