import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface GithubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A loopback stand-in for the GitHub REST API: records every request and answers POST /repos/{o}/{r}/pulls. */
export class GithubFake {
  readonly requests: GithubRequest[] = [];
  url = "";
  /** Answer pull-request creation with this status (422 is GitHub's "validation failed"). */
  status = 201;
  private next = 41;
  private server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Recorded as text.
      }
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      this.requests.push({ method: req.method ?? "", path, headers: req.headers, body });
      const m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(path);
      if (req.method === "POST" && m) {
        if (this.status !== 201) {
          res.writeHead(this.status, { "content-type": "application/json" }).end(JSON.stringify({ message: "Validation Failed" }));
          return;
        }
        this.next += 1;
        const pr = { number: this.next, html_url: `https://github.example/${m[1]}/${m[2]}/pull/${this.next}`, state: "open" };
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(pr));
        return;
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, "127.0.0.1", done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  pulls(): GithubRequest[] {
    return this.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls"));
  }

  close(): Promise<void> {
    return new Promise((done) => {
      this.server.closeAllConnections();
      this.server.close(() => done());
    });
  }
}
