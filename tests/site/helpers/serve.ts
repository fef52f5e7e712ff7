import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname } from "node:path";
import { securityHeaderValues } from "../../../core/site/security-headers.js";

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves a built tree on 127.0.0.1 the way apps/local/cdn-server.ts does (P and P/ answer with
 * P/index.html or P/index.json, misses get 404.html, CloudFront's security headers on every
 * answer), without the S3 emulator in between.
 */
export async function serveTree(files: ReadonlyMap<string, Uint8Array>): Promise<StaticServer> {
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaderValues({ https: false }))) res.setHeader(name, value);
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname).replace(/^\/+/, "");
    const candidates = path === "" || path.endsWith("/") ? [`${path}index.html`, `${path}index.json`] : [path, `${path}/index.json`, `${path}/index.html`];
    for (const key of candidates) {
      const body = files.get(key);
      if (!body) continue;
      res.writeHead(200, { "content-type": TYPES[extname(key)] ?? "application/octet-stream", "content-length": String(body.length) });
      res.end(body);
      return;
    }
    const notFound = files.get("404.html");
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    res.end(notFound ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
