import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, get } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../core/site/csp.js";
import type { Catalog } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";
import { TestClient } from "../tuf/helpers/tuf-fixture.js";

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  root: string;
  output: () => string;
}

/** Runs `npm start`'s script on a free port with private data and output folders. */
async function start(dataDir: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts", "--port", "0", "--data-dir", dataDir, "--out", join(dataDir, "dist")],
    {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", XDG_CONFIG_HOME: join(dataDir, "config"), XDG_CACHE_HOME: join(dataDir, "cache") },
    },
  );
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^ready: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  const root = /trusted root\s+(\S+)/.exec(output)?.[1] ?? "";
  return { child, url, root, output: () => output };
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.once("exit", (code) => resolve(code)));
  s.child.kill("SIGINT");
  return exited;
}

describe("npm start", () => {
  it("builds, publishes to s3rver, serves a tree that tuf-js verifies, and stops cleanly", async () => {
    const data = tempDir("cws-start-");
    const first = await start(data);
    try {
      expect(first.output()).toContain("built 21 templates");
      const client = new TestClient(first.url, readFileSync(first.root));
      const catalog = JSON.parse(await client.fetch("indexes/catalog.json")) as Catalog;
      expect(catalog.templates.map((t) => t.template_id)).toContain("genomics-pipeline-v3");

      // The catalog site is part of the tree: pages at the root, beside the data.
      for (const page of ["/", "/templates/", "/templates/genomics-pipeline-v3/", "/categories/bioinformatics/"]) {
        const res = await fetch(`${first.url}${page}`);
        expect(res.status, page).toBe(200);
        expect(res.headers.get("content-type"), page).toBe("text/html; charset=utf-8");
        const html = await res.text();
        expect(html, page).toContain('http-equiv="Content-Security-Policy"');
        // frame-ancestors only works as a header, which is where npm start sends it, as CloudFront does.
        expect(html, page).not.toContain("frame-ancestors");
        expect(res.headers.get("content-security-policy"), page).toBe(CONTENT_SECURITY_POLICY);
        expect(res.headers.get("x-frame-options"), page).toBe("DENY");
        expect(res.headers.get("x-content-type-options"), page).toBe("nosniff");
        expect(res.headers.get("referrer-policy"), page).toBe("strict-origin-when-cross-origin");
      }
      const missingPage = await fetch(`${first.url}/no/such/page/`);
      expect(missingPage.status).toBe(404);
      expect(await missingPage.text()).toContain("<html");

      // API paths are the live API's, in the documented shape; unknown ids are its JSON 404.
      const api = await fetch(`${first.url}/api/v1/marketplace/templates/genomics-pipeline-v3`);
      expect(api.status).toBe(200);
      expect(api.headers.get("content-type")).toMatch(/^application\/json/);
      expect((await api.json()) as { name: string }).toMatchObject({ name: "Advanced Genomics Analysis Pipeline", visibility: "public" });
      const missing = await fetch(`${first.url}/api/v1/marketplace/templates/no-such-template`);
      expect([missing.status, await missing.json()]).toMatchObject([404, { error: "TEMPLATE_NOT_FOUND" }]);
      // fetch() would normalise the path; send it raw, as an attacker would.
      const raw = await new Promise<number | undefined>((resolve, reject) => {
        get(`${first.url}/..%2f..%2fetc%2fpasswd`, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on("error", reject);
      });
      expect(raw).toBe(400);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(first.output()).toContain("stopped.");

    // Data survives a restart, and an unchanged registry is neither rebuilt nor re-uploaded.
    const second = await start(data);
    try {
      expect(second.output()).not.toContain("building the registry");
      expect(second.output()).toContain("0 objects uploaded");
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 180_000); // a full build and sign of the seeded registry, twice

  it("refuses a port in use at once, before building, with exit 2", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts", "--data-dir", tempDir("cws-port-")], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port) },
      });
      let output = "";
      child.stdout.on("data", (d) => {
        output += d;
      });
      child.stderr.on("data", (d) => {
        output += d;
      });
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(2);
      expect(output).toContain(`port ${port} is in use; set PORT`);
      expect(output).not.toContain("building");
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      blocker.close();
    }
  }, 30_000);

  it("stops its server when the npm process is killed, and prints commands that carry a non-default URL", async () => {
    const data = tempDir("cws-kill-");
    const npm = spawn("npm", ["start", "--", "--port", "0", "--data-dir", data, "--out", join(data, "dist")], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", XDG_CONFIG_HOME: join(data, "config"), XDG_CACHE_HOME: join(data, "cache") },
    });
    let output = "";
    npm.stdout.on("data", (d) => {
      output += d;
    });
    npm.stderr.on("data", (d) => {
      output += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /^ready: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
        if (m?.[1]) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 50);
      npm.once("exit", (code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
    expect(output).toContain(`CWS_MARKETPLACE_URL=${url} CWS_MARKETPLACE_ROOT=`);
    const port = Number(new URL(url).port);
    npm.kill("SIGTERM");
    const deadline = Date.now() + 10_000;
    let free = false;
    while (!free && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      free = await new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once("error", () => resolve(false));
        probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
      });
    }
    expect(free).toBe(true);
  }, 180_000);
});
