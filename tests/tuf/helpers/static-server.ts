import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve, sep } from "node:path";

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123. */
  url: string;
  /** Decoded request paths in arrival order, e.g. /metadata/timestamp.json. */
  requests: string[];
  /** The folder being served; tests switch it to simulate a publish or a rollback. */
  dir: string;
  /** When set, every request is answered with this status and no body (a failing CDN). */
  status?: number;
  close(): Promise<void>;
}

/**
 * A loopback-only static file server: GET files under dir, 404 for anything else. `cacheControl`
 * names the Cache-Control header per path, as the CDN sets it (none by default).
 */
export async function startStaticServer(dir: string, cacheControl?: (path: string) => string | undefined): Promise<StaticServer> {
  const state: StaticServer = { url: "", requests: [], dir, close: async () => {} };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    state.requests.push(path);
    if (state.status !== undefined) {
      res.writeHead(state.status).end();
      return;
    }
    const base = resolve(state.dir);
    const file = resolve(join(base, path));
    try {
      if (req.method !== "GET" || !file.startsWith(base + sep) || !(await stat(file)).isFile()) throw new Error("not served");
      const body = await readFile(file);
      const cache = cacheControl?.(path);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length, ...(cache ? { "cache-control": cache } : {}) });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((done) => {
      // tuf-js keeps connections alive; drop them so close() does not wait for their timeout.
      server.closeAllConnections();
      server.close(() => done());
    });
  return state;
}
