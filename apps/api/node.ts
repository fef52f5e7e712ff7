import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { API_BASE } from "../../core/spec/layout.js";
import { type ApiOptions, createApp } from "./app.js";

export interface NodeApiOptions extends Omit<ApiOptions, "identity"> {
  /**
   * Leave GETs without a query string to the static API the CDN tree serves
   * (templates, templates/{id}, templates/{id}/reviews, categories, featured), as CloudFront does
   * in production: true (the default) for `startCdnServer({ before })`, false for a standalone API.
   */
  staticGets?: boolean;
}

/** A Node request handler in startCdnServer's `before` shape: true when the API answered. */
export type NodeApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * GET paths only the live API answers, even without a query string. A reviewer handle never
 * contains a dot, so reviews/index.json and the tree's hash-prefixed copies stay static.
 */
const LIVE_ONLY = [/^\/pull-requests(?:\/\d+)?\/?$/, /^\/openapi\.json$/, /^\/templates\/[^/]+\/analytics\/?$/, /^\/templates\/[^/]+\/reviews\/[a-z0-9-]+\/?$/];

/**
 * The marketplace API for Node, in local development mode: callers identify with the X-CWS-User
 * header (development only; the Lambda adapter refuses it). Wire it into the local CDN server:
 *
 *   const api = createNodeApiHandler({ client: dynamoDb });
 *   await startCdnServer({ s3, bucket, port, before: api });
 */
export function createNodeApiHandler(options: NodeApiOptions): NodeApiHandler {
  const app = createApp({ ...options, identity: { kind: "dev-header" } });
  // overrideGlobalObjects: false keeps the process's global Request/Response untouched (npm start runs other servers too).
  // autoCleanupIncoming: false, because its cleanup drains an unread body (up to 64 MB); closeUnread ends the connection instead.
  const listener = getRequestListener(app.fetch, { overrideGlobalObjects: false, autoCleanupIncoming: false });
  const staticGets = options.staticGets ?? true;
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== API_BASE && !url.pathname.startsWith(`${API_BASE}/`)) return false;
    const rest = url.pathname.slice(API_BASE.length);
    if (staticGets && (req.method === "GET" || req.method === "HEAD") && url.search === "" && !LIVE_ONLY.some((p) => p.test(rest))) return false;
    res.once("finish", () => {
      if (!req.complete) closeUnread(req);
    });
    await listener(req, res);
    return true;
  };
}

/** How long a connection whose request body was left unread may stay half-open after the answer. */
const LINGER_MS = 2000;

/**
 * After an answer that left part of the request body unread (413 BODY_TOO_LARGE, or a refusal
 * that needed no body), the connection is ended instead of drained, so nothing past the limit is
 * read. The answer goes out with a FIN and the socket is destroyed when the client closes its
 * side or after LINGER_MS; closing at once, with unread data, would reset the connection, and a
 * reset can destroy the answer before the client reads it.
 */
function closeUnread(req: IncomingMessage): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  // Node's own answer to an unread body is to dump it (read it all and discard); undo that.
  req.pause();
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/**
 * A standalone API server on loopback (for `cws marketplace serve` and tests): every request
 * under API_BASE goes to the API, anything else is a JSON 404.
 */
export async function startApiServer(options: NodeApiOptions & { port?: number; host?: string }): Promise<RunningApi> {
  const handle = createNodeApiHandler({ ...options, staticGets: options.staticGets ?? false });
  const server = createServer((req, res) => {
    handle(req, res)
      .then((handled) => {
        if (!handled)
          res.writeHead(404, { "content-type": "application/json" }).end(`${JSON.stringify({ error: "NOT_FOUND", message: `nothing at ${req.url}` })}\n`);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(`${JSON.stringify({ error: "INTERNAL", message: "unexpected error" })}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
