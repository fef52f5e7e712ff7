import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve, sep } from "node:path";
import { candidates } from "../../apps/local/cdn-server.js";
import { classifyKey } from "../../core/deploy/classify.js";

export interface TreeServer {
  url: string;
  /** Request paths since the last reset, to report what a search downloaded. */
  requests: { path: string; status: number; bytes: number }[];
  close(): Promise<void>;
}

/**
 * Serves a built tree on loopback the way apps/local/cdn-server.ts serves the bucket, with its
 * path lookup (`P/index.json`, `P/index.html`, the static API aliases), 404 otherwise. It reads the tree
 * from disk instead of from S3 so the search benchmark does not need a full publish to s3rver
 * first (minutes at 10,000 templates) and does not charge s3rver's per-request cost to the CLI.
 * It sends the Cache-Control the publish sets on each object, so "warm" measures what users get.
 */
export async function startTreeServer(dir: string): Promise<TreeServer> {
  const base = resolve(dir);
  const state: TreeServer = { url: "", requests: [], close: async () => {} };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    for (const candidate of candidates(decodeURIComponent(path))) {
      const file = resolve(join(base, candidate));
      if (!file.startsWith(base + sep)) break;
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      const body = await readFile(file);
      state.requests.push({ path, status: 200, bytes: body.length });
      // Production headers (core/deploy/classify.ts), so a warm search reuses a fresh refresh as it does against the CDN.
      const { contentType, cacheControl } = classifyKey(candidate);
      res.writeHead(200, { "content-type": contentType, "cache-control": cacheControl, "content-length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    state.requests.push({ path, status: 404, bytes: 0 });
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((done) => {
      // The CLI's TUF client keeps connections alive; drop them so close() does not wait.
      server.closeAllConnections();
      server.close(() => done());
    });
  return state;
}
