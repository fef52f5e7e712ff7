import { spawn } from "node:child_process";
import type { IncomingMessage } from "node:http";

export interface CgiAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface CgiRequest {
  /** GIT_PROJECT_ROOT: the folder the repositories are under. */
  projectRoot: string;
  /** The repository path below projectRoot, e.g. `/registry.git/info/refs`. */
  pathInfo: string;
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  /** REMOTE_USER: http-backend refuses anonymous pushes even with receivepack on. */
  remoteUser?: string | undefined;
}

/**
 * One request through `git http-backend` (CGI), its answer parsed into status, headers and body.
 * Used by npm start's registry remote and by the tests' git server, so both speak the same
 * smart-HTTP as a real git host.
 */
export function gitHttpBackend(request: CgiRequest): Promise<CgiAnswer> {
  const { req, url, body } = request;
  return new Promise((done, fail) => {
    const child = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: request.projectRoot,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_PROJECT_ROOT: request.projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: request.pathInfo,
        QUERY_STRING: url.search.replace(/^\?/, ""),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        CONTENT_LENGTH: String(body.length),
        REMOTE_ADDR: "127.0.0.1",
        ...(request.remoteUser ? { REMOTE_USER: request.remoteUser } : {}),
        ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", fail);
    child.on("close", () => done(parseCgi(Buffer.concat(out), Buffer.concat(err))));
    // git may answer and exit before reading the whole body (a refused push); the answer on
    // stdout is what counts, so a broken pipe on stdin is expected, not an error.
    child.stdin.on("error", () => {});
    child.stdin.end(body);
  });
}

function parseCgi(all: Buffer, stderr: Buffer): CgiAnswer {
  const split = all.indexOf("\r\n\r\n");
  if (split < 0) return { status: 500, headers: { "content-type": "text/plain" }, body: Buffer.concat([all, stderr]) };
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of all.subarray(0, split).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "status") status = Number.parseInt(value, 10);
    else if (name) headers[name] = value;
  }
  return { status, headers, body: all.subarray(split + 4) };
}
