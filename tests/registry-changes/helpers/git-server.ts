import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gitHttpBackend } from "../../../apps/local/git-http-backend.js";
import { ROOT, tempDir } from "../../helpers/run.js";

/** Runs git with a fixed identity and no user or system config, so tests never depend on the machine. */
export function gitCli(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Seed", "-c", "user.email=seed@example.org", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1", HOME: cwd, GIT_TERMINAL_PROMPT: "0" },
  }).trim();
}

export interface GitRequest {
  method: string;
  path: string;
  service: string;
  authorized: boolean;
  status: number;
}

/**
 * A real git smart-HTTP server on loopback: node:http in front of `git http-backend` (CGI) over
 * bare repositories under one project root. Reads are open; pushes (git-receive-pack) need HTTP
 * Basic auth with the token as the password, like GitHub. Every request is recorded.
 */
export class GitServer {
  readonly root = tempDir("cws-git-http-");
  readonly requests: GitRequest[] = [];
  url = "";
  private seed = "";
  private count = 0;
  private server = createServer((req, res) => {
    void this.handle(req).then(
      ({ status, headers, body }) => res.writeHead(status, headers).end(body),
      (error: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(error.message),
    );
  });

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, "127.0.0.1", done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // One seeded repository; each test gets its own bare clone of it.
    this.seed = join(tempDir("cws-git-seed-"), "work");
    mkdirSync(this.seed);
    gitCli(this.seed, "init", "-q", "-b", "main");
    cpSync(join(ROOT, "registry"), join(this.seed, "registry"), { recursive: true });
    writeFileSync(join(this.seed, "README.md"), "# Template registry\n");
    gitCli(this.seed, "add", "-A");
    gitCli(this.seed, "commit", "-q", "-m", "Seed the registry");
    return this;
  }

  /** A fresh bare repository seeded with this project's registry/ at registry/; returns its URL path info. */
  newRepo(): { url: string; bare: string; mainOid: string } {
    this.count += 1;
    const name = `registry-${this.count}.git`;
    const bare = join(this.root, "cws-org", name);
    mkdirSync(join(this.root, "cws-org"), { recursive: true });
    gitCli(this.root, "clone", "-q", "--bare", this.seed, bare);
    gitCli(bare, "config", "http.receivepack", "true");
    gitCli(bare, "remote", "remove", "origin");
    return { url: `${this.url}/cws-org/${name}`, bare, mainOid: gitCli(bare, "rev-parse", "refs/heads/main") };
  }

  /** Installs (or removes) a pre-receive hook that refuses every push, as a protected server would. */
  refusePushes(bare: string, message: string | undefined): void {
    const hook = join(bare, "hooks", "pre-receive");
    if (message === undefined) {
      rmSync(hook, { force: true });
      return;
    }
    mkdirSync(join(bare, "hooks"), { recursive: true });
    writeFileSync(hook, `#!/bin/sh\necho ${JSON.stringify(message)} >&2\nexit 1\n`);
    chmodSync(hook, 0o755);
  }

  pushes(): GitRequest[] {
    return this.requests.filter((r) => r.method === "POST" && r.service === "git-receive-pack");
  }

  close(): Promise<void> {
    return new Promise((done) => {
      this.server.closeAllConnections();
      this.server.close(() => done());
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const service = url.searchParams.get("service") ?? url.pathname.split("/").pop() ?? "";
    const authorized = req.headers.authorization === `Basic ${Buffer.from(`x-access-token:${this.token}`).toString("base64")}`;
    const record: GitRequest = { method: req.method ?? "", path: url.pathname, service, authorized, status: 0 };
    this.requests.push(record);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (service === "git-receive-pack" && !authorized) {
      record.status = 401;
      return {
        status: 401,
        headers: { "www-authenticate": 'Basic realm="registry"', "content-type": "text/plain" },
        body: Buffer.from("credentials required\n"),
      };
    }
    const answer = await gitHttpBackend({
      projectRoot: this.root,
      pathInfo: decodeURIComponent(url.pathname),
      req,
      url,
      body: Buffer.concat(chunks),
      remoteUser: authorized ? "x-access-token" : undefined,
    });
    record.status = answer.status;
    return answer;
  }
}
