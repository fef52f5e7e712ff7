import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DownloadHTTPError } from "tuf-js/dist/error.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxAge, WitnessFetcher } from "../../cli/src/lib/http-fetcher.js";
import { classifyFailure } from "../../cli/src/lib/tuf-failure.js";
import { VerifiedCache } from "../../cli/src/lib/verified-cache.js";
import { tempDir } from "../helpers/run.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { builtMarketplace, cws, userHome } from "./helpers.js";

// As the CDN serves them (core/deploy/classify.ts): the timestamp may be reused for a minute.
const cdnHeaders = (path: string) => (path.endsWith("/timestamp.json") ? "public, max-age=60" : "public, max-age=300");

let keysDir: string;
let older: Awaited<ReturnType<typeof builtMarketplace>>;
let newer: Awaited<ReturnType<typeof builtMarketplace>>;
let server: StaticServer;

beforeAll(async () => {
  keysDir = tempDir("cws-fresh-keys-");
  older = await builtMarketplace({ keysDir, now: new Date(Date.now() - 3_600_000) });
  newer = await builtMarketplace({ keysDir });
  server = await startStaticServer(older.out, cdnHeaders);
});
afterAll(async () => {
  await server?.close();
});

const hashedCatalog = (requests: string[]) => requests.find((p) => /^\/indexes\/[0-9a-f]{64}\.catalog\.json$/.test(p));

describe("reusing a fresh refresh (timestamp.json's Cache-Control max-age)", () => {
  it("answers without a request inside max-age, and --refresh asks the marketplace again", async () => {
    const home = userHome();
    const args = ["marketplace", "search", "genomics", "--json", "--registry-url", server.url, "--trusted-root", older.root];
    server.dir = older.out;
    server.requests.length = 0;
    const first = await cws(args, home);
    expect(first.status).toBe(0);
    expect(server.requests).toContain("/metadata/timestamp.json");
    expect(hashedCatalog(server.requests)).toBeDefined();

    // A publish lands, but the CDN would still answer with the old timestamp for a minute.
    server.dir = newer.out;
    server.requests.length = 0;
    const second = await cws(args, home);
    expect(second.status).toBe(0);
    expect(server.requests).toEqual([]);
    expect(JSON.parse(second.stdout).results).toEqual(JSON.parse(first.stdout).results);

    const refreshed = await cws([...args, "--refresh"], home);
    expect(refreshed.status).toBe(0);
    expect(server.requests).toContain("/metadata/timestamp.json");
    // The newer release's snapshot: the refresh saw the publish.
    const snapshots = server.requests.filter((p) => /^\/metadata\/\d+\.snapshot\.json$/.test(p));
    expect(snapshots).toHaveLength(1);
    expect(readFileSync(join(newer.out, snapshots[0] ?? ""), "utf8")).toContain('"_type": "snapshot"');
    expect(() => readFileSync(join(older.out, snapshots[0] ?? ""))).toThrow();
  });

  it("verifies again when a cached file changed, and never serves a file from an older refresh", async () => {
    const home = userHome();
    const flags = ["--registry-url", server.url, "--trusted-root", older.root];
    server.dir = older.out;
    expect((await cws(["marketplace", "list", ...flags], home)).status).toBe(0);
    const caches = join(home.XDG_CACHE_HOME ?? "", "cws", "marketplace");
    const targets = join(caches, readdirSync(caches)[0] ?? "", "targets");
    // tuf-js names cached targets by their URL-encoded path.
    appendFileSync(join(targets, "indexes%2Fcatalog.json"), " ");
    server.requests.length = 0;
    const again = await cws(["marketplace", "list", "--json", ...flags], home);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).length).toBeGreaterThan(5);
    // The changed copy failed its hash, so the catalog was downloaded again.
    expect(server.requests).toContain("/metadata/timestamp.json");
    expect(hashedCatalog(server.requests)).toBeDefined();
  });

  it("keeps the rules in VerifiedCache: expiry ends freshness, and entries belong to one refresh", () => {
    const dir = tempDir("cws-verified-");
    const file = join(dir, "a.json");
    appendFileSync(file, "{}");
    const cache = new VerifiedCache(dir);
    const now = new Date("2026-11-27T12:00:00Z");
    cache.refreshed(now, 60, "2026-11-27T12:00:30Z");
    expect(cache.isFresh(now.getTime() + 10_000)).toBe(true);
    expect(cache.isFresh(now.getTime() + 40_000)).toBe(false); // metadata expired first
    cache.refreshed(now, 0, "2026-12-01T00:00:00Z");
    expect(cache.isFresh(now.getTime() + 1)).toBe(false); // no max-age: always ask
    cache.refreshed(now, 60, "2026-12-01T00:00:00Z");
    cache.record("a.json", file, "ab".repeat(32));
    expect(cache.readFresh("a.json")?.sha256).toBe("ab".repeat(32));
    cache.refreshed(new Date(now.getTime() + 1000), 60, "2026-12-01T00:00:00Z");
    expect(cache.readFresh("a.json")).toBeUndefined();
    cache.save();
    expect(JSON.parse(readFileSync(join(dir, "verified.json"), "utf8")).files["a.json"].sha256).toBe("ab".repeat(32));
  });

  it("never serves an offline copy past the expiry of the metadata that verified it", () => {
    const dir = tempDir("cws-verified-");
    const file = join(dir, "a.json");
    appendFileSync(file, "{}");
    const sha = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"; // sha256("{}")
    const cache = new VerifiedCache(dir);
    const now = new Date("2026-11-27T12:00:00Z");
    // No max-age: never fresh, but the expiry is still recorded for the offline path.
    cache.refreshed(now, 0, "2026-11-27T12:00:30Z");
    expect(cache.expires).toBe("2026-11-27T12:00:30Z");
    cache.record("a.json", file, sha);
    expect(cache.readOffline("a.json", now.getTime() + 29_000)).toEqual({ bytes: Buffer.from("{}"), sha256: sha });
    expect(cache.readOffline("a.json", now.getTime() + 30_000)).toEqual({ expired: "2026-11-27T12:00:30Z" });
    // A later refresh does not extend a file it did not verify again.
    cache.refreshed(new Date(now.getTime() + 1000), 0, "2026-12-30T00:00:00Z");
    expect(cache.readOffline("a.json", now.getTime() + 60_000)).toEqual({ expired: "2026-11-27T12:00:30Z" });
    // Caches written before entries recorded an expiry use the fallback; with none, nothing is served.
    cache.save();
    const raw = JSON.parse(readFileSync(join(dir, "verified.json"), "utf8"));
    delete raw.files["a.json"].expires;
    writeFileSync(join(dir, "verified.json"), JSON.stringify(raw));
    const old = new VerifiedCache(dir);
    expect(old.readOffline("a.json", now.getTime(), "2026-11-27T12:10:00Z")).toMatchObject({ sha256: sha });
    expect(old.readOffline("a.json", now.getTime())).toEqual({ expired: "an unknown time" });
    expect(old.readOffline("other.json", now.getTime())).toBe("missing");
  });

  it("tells a network failure from an answer: only the first may fall back", async () => {
    const url = "http://127.0.0.1:1/metadata";
    const witness = (fail: unknown) =>
      new WitnessFetcher({
        downloadBytes: async () => {
          throw fail;
        },
        downloadFile: async () => {
          throw fail;
        },
      });
    const refused = new WitnessFetcher({
      downloadBytes: async () => Buffer.from("{}"),
      downloadFile: (_url, _max, handler) => handler("/dev/null"),
    });
    const cases: [unknown, string][] = [
      [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "network"],
      [new Error("getaddrinfo ENOTFOUND marketplace.example"), "network"],
      [new DownloadHTTPError("GET: HTTP 503", 503), "network"],
      [new DownloadHTTPError("GET: HTTP 404", 404), "refused"],
    ];
    for (const [error, kind] of cases) {
      const w = witness(error);
      await expect(w.downloadBytes(`${url}/1.snapshot.json`, 10)).rejects.toBe(error);
      expect(classifyFailure(new Error("Unable to load snapshot metadata error Error: whatever"), w.last, "http://127.0.0.1:1").kind).toBe(kind);
    }
    // timestamp.json itself not served: no marketplace there (not a refusal, and no fallback).
    const absent = witness(new DownloadHTTPError("GET: HTTP 404", 404));
    await expect(absent.downloadBytes(`${url}/timestamp.json`, 10)).rejects.toThrow();
    expect(classifyFailure(new Error("x"), absent.last, "http://127.0.0.1:1")).toEqual({ kind: "absent", file: "metadata/timestamp.json", status: 404 });
    // The bytes arrived and verification threw: that is about the bytes, whatever the error says.
    await expect(refused.downloadFile(`${url}/1.targets.json`, 10, async () => Promise.reject(new Error("ECONNRESET")))).rejects.toThrow();
    expect(classifyFailure(new Error("Unable to load targets error Error: targets was signed by 0/1 keys"), refused.last, "http://127.0.0.1:1")).toEqual({
      kind: "refused",
      file: "metadata/1.targets.json",
      reason: "not signed by the trusted keys",
      detail: "targets was signed by 0/1 keys",
    });
  });

  it("reads max-age the way caches do", () => {
    expect(maxAge("public, max-age=60")).toBe(60);
    expect(maxAge("max-age=300, must-revalidate")).toBe(300);
    expect(maxAge("no-cache, max-age=60")).toBe(0);
    expect(maxAge(undefined)).toBe(0);
    expect(maxAge("public")).toBe(0);
  });
});
