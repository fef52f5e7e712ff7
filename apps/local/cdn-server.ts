import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";
import { securityHeaderValues } from "../../core/site/security-headers.js";
import { isApiPath } from "../../core/spec/layout.js";

export interface CdnServerOptions {
  s3: S3Client;
  bucket: string;
  prefix?: string;
  port?: number;
  host?: string;
  /** Handles requests before the CDN does (the live API, for every API path); returns false to pass. */
  before?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The site's security headers as CloudFront sends them, less HSTS: this server speaks plain HTTP. */
const LOCAL_SECURITY_HEADERS = securityHeaderValues({ https: false });

/**
 * A local stand-in for CloudFront in front of the S3 bucket: it serves published objects with
 * the headers publish stored and CloudFront's security headers, answers `P` and `P/` with
 * `P/index.html` (the spec's rule for site pages) and honours If-None-Match.
 * API paths are the API's (`before`), as CloudFront routes them to the API origin; the bucket
 * never answers them.
 */
export async function startCdnServer(options: CdnServerOptions): Promise<RunningServer> {
  const prefix = options.prefix ?? "";
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end("bad gateway: the local S3 emulator did not answer\n");
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // What CloudFront's response headers policy adds to every answer, the live API's included.
    for (const [name, value] of Object.entries(LOCAL_SECURITY_HEADERS)) res.setHeader(name, value);
    if (options.before && (await options.before(req, res))) return;
    if (isApiPath(new URL(req.url ?? "/", "http://localhost").pathname)) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(`${JSON.stringify({ error: "API_UNAVAILABLE", message: "no marketplace API runs behind this server" })}\n`);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = safePath(new URL(req.url ?? "/", "http://localhost").pathname);
    if (path === undefined) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("bad path\n");
      return;
    }
    for (const key of candidates(path)) {
      const object = await getObject(options.s3, options.bucket, `${prefix}${key}`);
      if (!object) continue;
      const etag = object.ETag ?? "";
      const headers: Record<string, string> = {
        "content-type": object.ContentType ?? "application/octet-stream",
        "cache-control": object.CacheControl ?? "no-cache",
        etag,
        "access-control-allow-origin": "*",
      };
      if (etag && req.headers["if-none-match"] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
      res.writeHead(200, { ...headers, "content-length": String(body.length) });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    const notFound = await getObject(options.s3, options.bucket, `${prefix}404.html`);
    const body = notFound ? Buffer.from((await notFound.Body?.transformToByteArray()) ?? new Uint8Array()) : Buffer.from("not found\n");
    res.writeHead(404, { "content-type": notFound ? "text/html; charset=utf-8" : "text/plain; charset=utf-8" }).end(req.method === "HEAD" ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes the URL path into a bucket key, refusing traversal and empty segments. */
function safePath(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const parts = decoded.split("/").slice(1);
  if (parts.some((p) => p === ".." || p === "." || p.includes("\\") || p.includes("\0"))) return undefined;
  return parts.join("/");
}

/**
 * The object keys that may answer a path, in order: what apps/infra/template.ts's CloudFront
 * function does in production (tests/infra checks that the two agree).
 */
export function candidates(path: string): string[] {
  if (path === "" || path.endsWith("/")) return [`${path}index.html`];
  return [path, `${path}/index.html`];
}

async function getObject(s3: S3Client, bucket: string, key: string): Promise<GetObjectCommandOutput | undefined> {
  try {
    return await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "NoSuchKey" || name === "NotFound") return undefined;
    throw error;
  }
}
