// Release 1 → release 2 as an attacker would serve it: every verification failure is a refusal
// (exit 4, naming the file), the cache primed by release 1 is never shown instead, and only a
// network failure falls back to it, until its signed metadata expires (the freeze attack).
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTufDate } from "../../core/tuf/expiry.js";
import { generateSigningKey } from "../../core/tuf/keys.js";
import { copyRegistry, tempDir } from "../helpers/run.js";
import { type StaticServer, startStaticServer } from "../tuf/helpers/static-server.js";
import { ReleaseCopy } from "./helpers/tuf-attacks.js";
import { builtMarketplace, type CliResult, cws, userHome } from "./helpers.js";

type Built = Awaited<ReturnType<typeof builtMarketplace>>;

const LIST = ["marketplace", "list", "--json"];
// A per-template file: read through a delegated hash bin.
const INFO = ["marketplace", "info", "genomics-pipeline-v3", "--json"];
const CATALOG = "indexes/catalog.json";
const PAST = "2020-01-01T00:00:00Z";
const RENAMED = "Advanced Genomics Analysis Pipeline II";

let keysDir: string;
let r0: Built;
let r1: Built;
let r2: Built;
const servers: StaticServer[] = [];

beforeAll(async () => {
  keysDir = tempDir("cws-attack-keys-");
  // Three releases signed with the same keys, an hour apart: versions rise with signing time.
  r0 = await builtMarketplace({ keysDir, now: new Date(Date.now() - 7_200_000) });
  r1 = await builtMarketplace({ keysDir, now: new Date(Date.now() - 3_600_000) });
  // Release 2 really changes: a template is renamed, so the catalog and its bin change too.
  const registry = copyRegistry();
  const template = join(registry, "templates", "genomics-pipeline-v3", "template.json");
  writeFileSync(template, readFileSync(template, "utf8").replace('"name": "Advanced Genomics Analysis Pipeline"', `"name": "${RENAMED}"`));
  r2 = await builtMarketplace({ keysDir, registry });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(dir: string, cacheControl?: (path: string) => string | undefined): Promise<StaticServer> {
  const server = await startStaticServer(dir, cacheControl);
  servers.push(server);
  return server;
}

interface Primed {
  server: StaticServer;
  home: Record<string, string>;
  args: string[];
  first: CliResult;
}

/** A user who ran `command` against release 1 (so their cache holds it). */
async function primed(command: string[], cacheControl?: (path: string) => string | undefined, dir = r1.out): Promise<Primed> {
  const server = await serve(dir, cacheControl);
  const home = userHome();
  const args = [...command, "--registry-url", server.url, "--trusted-root", r1.root];
  const first = await cws(args, home);
  expect(first.stderr).toBe("");
  expect(first.status).toBe(0);
  expect(first.stdout.length).toBeGreaterThan(10);
  return { server, home, args, first };
}

/** Exit 4, one UNTRUSTED line naming the file and the reason, and nothing from the cache. */
function expectRefused(run: CliResult, file: RegExp, reason: RegExp): void {
  expect(run.status).toBe(4);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toContain("offline");
  const [line, hint] = run.stderr.split("\n");
  expect(line).toMatch(/^error UNTRUSTED: refusing http:\/\/127\.0\.0\.1:\d+: /);
  expect(line?.replace(/^error UNTRUSTED: refusing http:\/\/127\.0\.0\.1:\d+: /, "")).toMatch(file);
  expect(line).toMatch(reason);
  expect(hint).toMatch(/^ {2}hint: nothing was used, not even the cached copies/);
}

interface Attack {
  name: string;
  command: string[];
  /** Turns a copy of release 2 into what the attacker serves. */
  mutate(copy: ReleaseCopy): void;
  file: RegExp;
  reason: RegExp;
}

const snapshotFile = /^metadata\/\d+\.snapshot\.json: /;
const targetsFile = /^metadata\/\d+\.targets\.json: /;
const timestampFile = /^metadata\/timestamp\.json: /;
const binFile = /^metadata\/\d+\.bins-[0-9a-f]+\.json: /;
const catalogFile = /^indexes\/[0-9a-f]{64}\.catalog\.json: /;

const everyBin = (copy: ReleaseCopy, edit: (role: string) => void) => {
  for (const bin of copy.bins()) edit(bin);
};

const ATTACKS: Attack[] = [
  {
    name: "unsigned snapshot (timestamp re-signed for it)",
    command: LIST,
    mutate: (c) => {
      c.write("snapshot", { ...c.read("snapshot"), signatures: [] });
      c.relink("snapshot");
    },
    file: snapshotFile,
    reason: /not signed by the trusted keys \(snapshot was signed by 0\/1 keys\)/,
  },
  {
    name: "unsigned targets.json (snapshot and timestamp re-signed for it)",
    command: LIST,
    mutate: (c) => {
      c.write("targets", { ...c.read("targets"), signatures: [] });
      c.relink("targets");
    },
    file: targetsFile,
    reason: /not signed by the trusted keys \(targets was signed by 0\/1 keys\)/,
  },
  {
    name: "release 1's snapshot swapped in for release 2's",
    command: LIST,
    mutate: (c) => {
      const old = new ReleaseCopy(r1.out, keysDir);
      c.write("snapshot", old.bytes("snapshot"));
    },
    file: snapshotFile,
    reason: /does not match its signed length and hash.*tampered.*\(Expected (?:length|hash) /,
  },
  {
    name: "tampered delegated bins (same length)",
    command: INFO,
    mutate: (c) =>
      everyBin(c, (bin) => {
        const raw = new TextDecoder().decode(c.bytes(bin));
        // One hex digit of a target hash: same length, so only the snapshot's hash catches it.
        c.write(
          bin,
          raw.replace(/("sha256": ?")([0-9a-f])/, (_, head: string, digit: string) => `${head}${digit === "0" ? "1" : "0"}`),
        );
      }),
    file: binFile,
    reason: /does not match its signed length and hash.*\(Expected hash /,
  },
  {
    name: "unsigned delegated bins (snapshot and timestamp re-signed for them)",
    command: INFO,
    mutate: (c) =>
      everyBin(c, (bin) => {
        c.write(bin, { ...c.read(bin), signatures: [] });
        c.relink(bin);
      }),
    file: binFile,
    reason: /not signed by the trusted keys \(bins-[0-9a-f]+ was signed by 0\/1 keys\)/,
  },
  {
    name: "bad signature on the snapshot (right key id, wrong bytes)",
    command: LIST,
    mutate: (c) => {
      const snapshot = c.read("snapshot");
      const sig = snapshot.signatures?.[0];
      if (sig) sig.sig = `${sig.sig[0] === "0" ? "1" : "0"}${sig.sig.slice(1)}`;
      c.write("snapshot", snapshot);
      c.relink("snapshot");
    },
    file: snapshotFile,
    reason: /not signed by the trusted keys \(snapshot was signed by 0\/1 keys\)/,
  },
  {
    name: "threshold not met: timestamp signed by a key the root does not trust",
    command: LIST,
    mutate: (c) => {
      const { signed } = c.read("timestamp");
      signed.version += 1;
      c.write("timestamp", c.sign(signed, "timestamp", generateSigningKey().key));
    },
    file: timestampFile,
    reason: /not signed by the trusted keys \(timestamp was signed by 0\/1 keys\)/,
  },
  {
    name: "target hash mismatch (catalog edited, same length)",
    command: LIST,
    mutate: (c) => {
      const file = c.targetFile(CATALOG);
      writeFileSync(file, readFileSync(file, "utf8").replace("Advanced Genomics", "Adversed Genomics"));
    },
    file: catalogFile,
    reason: /does not match its signed length and hash.*\(Expected hash /,
  },
  {
    name: "target length mismatch (catalog grown)",
    command: LIST,
    mutate: (c) => {
      const file = c.targetFile(CATALOG);
      writeFileSync(file, `${readFileSync(file, "utf8")}{"template_id":"evil"}\n`);
    },
    file: catalogFile,
    reason: /larger than its signed length .*tampered.*\(Max length reached\)/,
  },
  {
    name: "version rollback: an older release (release 0) served after release 1",
    command: LIST,
    mutate: (c) => cpSync(r0.out, c.dir, { recursive: true, force: true }),
    file: timestampFile,
    reason: /rollback \(New timestamp version \d+ is less than current version \d+\)/,
  },
  {
    name: "version rollback inside a newer snapshot: targets.json from release 0",
    command: LIST,
    mutate: (c) => {
      const old = new ReleaseCopy(r0.out, keysDir);
      const listed = old.read("snapshot").signed.meta?.["targets.json"];
      cpSync(join(old.dir, old.file("targets")), join(c.dir, old.file("targets")));
      c.resign("snapshot", (signed) => {
        if (signed.meta && listed) signed.meta["targets.json"] = listed;
      });
      c.relink("snapshot");
    },
    file: snapshotFile,
    reason: /rollback \(New version \d+ of targets\.json is less than current version \d+\)/,
  },
  {
    name: "expired timestamp (re-signed with a past expiry)",
    command: LIST,
    mutate: (c) => c.resign("timestamp", (s) => Object.assign(s, { expires: PAST })),
    file: timestampFile,
    reason: /its signed metadata has expired.*\(Final timestamp\.json is expired\)/,
  },
  {
    name: "expired snapshot (re-signed with a past expiry)",
    command: LIST,
    mutate: (c) => {
      c.resign("snapshot", (s) => Object.assign(s, { expires: PAST }));
      c.relink("snapshot");
    },
    file: snapshotFile,
    reason: /its signed metadata has expired.*\(snapshot\.json is expired\)/,
  },
  {
    name: "malformed snapshot (version is a string)",
    command: LIST,
    mutate: (c) => {
      c.write("snapshot", JSON.stringify({ ...c.read("snapshot"), signed: { ...c.read("snapshot").signed, version: "seven" } }));
      c.relink("snapshot");
    },
    file: snapshotFile,
    reason: /not valid TUF metadata \(version must be a number\)/,
  },
  {
    name: "oversized timestamp.json (past the client's 16 KiB limit)",
    command: LIST,
    mutate: (c) => c.write("timestamp", `${new TextDecoder().decode(c.bytes("timestamp"))}${" ".repeat(20_000)}`),
    file: timestampFile,
    reason: /larger than its signed length \(or the client's limit\).*\(Max length reached\)/,
  },
  {
    name: "oversized snapshot (longer than the timestamp says)",
    command: LIST,
    mutate: (c) => c.write("snapshot", `${new TextDecoder().decode(c.bytes("snapshot"))}${" ".repeat(100)}`),
    file: snapshotFile,
    reason: /larger than its signed length.*\(Max length reached\)/,
  },
  {
    name: "targets.json without a signatures field (snapshot and timestamp re-signed)",
    command: LIST,
    mutate: (c) => {
      c.write("targets", { signed: c.read("targets").signed });
      c.relink("targets");
    },
    file: targetsFile,
    reason: /not valid TUF metadata \(signatures is not an array\)/,
  },
  {
    name: "garbage timestamp.json",
    command: LIST,
    mutate: (c) => c.write("timestamp", "<html>maintenance</html>"),
    file: timestampFile,
    reason: /not valid JSON/,
  },
  {
    name: "garbage snapshot (timestamp re-signed for it)",
    command: LIST,
    mutate: (c) => {
      c.write("snapshot", "{ not json");
      c.relink("snapshot");
    },
    file: snapshotFile,
    reason: /not valid JSON/,
  },
  {
    name: "withheld snapshot (HTTP 404 for the file the timestamp names)",
    command: LIST,
    mutate: (c) => c.remove("snapshot"),
    file: snapshotFile,
    reason: /withheld: the marketplace answered HTTP 404/,
  },
];

describe("release 2 fails verification after release 1 was cached: refused, never the cache", () => {
  it("accepts an honest release 2 (the control: the harness itself is sound)", async () => {
    for (const command of [LIST, INFO]) {
      const user = await primed(command);
      user.server.dir = new ReleaseCopy(r2.out, keysDir).dir;
      user.server.requests.length = 0;
      const next = await cws(user.args, user.home);
      expect(next.stderr).toBe("");
      expect(next.status).toBe(0);
      expect(user.first.stdout).not.toContain(RENAMED);
      expect(next.stdout).toContain(RENAMED);
      // It really asked for release 2.
      expect(user.server.requests.some((p) => /^\/metadata\/\d+\.snapshot\.json$/.test(p))).toBe(true);
    }
  });

  it.each(ATTACKS)("$name", async (attack) => {
    const user = await primed(attack.command);
    const copy = new ReleaseCopy(r2.out, keysDir);
    attack.mutate(copy);
    user.server.dir = copy.dir;
    expectRefused(await cws(user.args, user.home), attack.file, attack.reason);
    // And again: a refusal leaves nothing behind that a second run would accept.
    expectRefused(await cws(user.args, user.home), attack.file, attack.reason);
  });

  it("refuses tampered or unsigned bins with exit 4 when nothing is cached (not OFFLINE)", async () => {
    for (const attack of ATTACKS.filter((a) => a.command === INFO)) {
      const copy = new ReleaseCopy(r2.out, keysDir);
      attack.mutate(copy);
      const server = await serve(copy.dir);
      const run = await cws([...INFO, "--registry-url", server.url, "--trusted-root", r2.root], userHome());
      expectRefused(run, attack.file, attack.reason);
    }
  });
});

describe("only a network failure falls back to the cache, and only until it expires", () => {
  it("serves release 1 with the offline warning when the marketplace is down or failing (5xx)", async () => {
    const down = await primed(LIST);
    await down.server.close();
    const offline = await cws(down.args, down.home);
    expect(offline.status).toBe(0);
    expect(offline.stderr).toMatch(/^warning: offline: http:\/\/127\.0\.0\.1:\d+ is unreachable; showing data verified/);
    expect(offline.stdout).toBe(down.first.stdout);

    const failing = await primed(INFO);
    failing.server.status = 503;
    const degraded = await cws(failing.args, failing.home);
    expect(degraded.status).toBe(0);
    expect(degraded.stderr).toMatch(/^warning: offline: /);
    // The same verified record; only the note on why live ratings are missing names the new status.
    const withoutNote = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), ratings_note: undefined });
    expect(withoutNote(degraded.stdout)).toEqual(withoutNote(failing.first.stdout));
    expect(JSON.parse(degraded.stdout).ratings_note).toContain("503");
  });

  it("refuses the cache once its timestamp expired: a freeze attack (also within Cache-Control max-age)", async () => {
    // Release 1 with a timestamp re-signed to expire a few seconds from now.
    const frozen = new ReleaseCopy(r1.out, keysDir);
    const expires = formatTufDate(new Date(Math.ceil((Date.now() + 8_000) / 1000) * 1000));
    frozen.resign("timestamp", (s) => Object.assign(s, { expires, version: s.version + 1 }));
    const cdn = (path: string) => (path.endsWith("/timestamp.json") ? "public, max-age=60" : undefined);
    const [plain, fresh] = await Promise.all([primed(LIST, undefined, frozen.dir), primed(LIST, cdn, frozen.dir)]);
    await Promise.all([plain.server.close(), fresh.server.close()]);
    // Before expiry the cache still serves (the fresh one without even asking).
    expect((await cws(fresh.args, fresh.home)).stdout).toBe(fresh.first.stdout);

    await new Promise((done) => setTimeout(done, Math.max(0, Date.parse(expires) - Date.now()) + 1_000));
    for (const user of [plain, fresh]) {
      const run = await cws(user.args, user.home);
      expect(run.status).toBe(4);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toBe(
        `error EXPIRED: cannot reach ${user.server.url}, and the marketplace's signed metadata expired at ${expires}; refresh when it is reachable`,
      );
    }
  }, 40_000);
});
