import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CwsError } from "../../core/errors.js";
import { ensureDevKeys, loadSigningKeys } from "../../core/tuf/key-source.js";
import { loadSigningKey } from "../../core/tuf/keys.js";
import { parseTrustedRoot } from "../../core/tuf/root.js";
import { signTree } from "../../core/tuf/sign-tree.js";
import { runScript } from "../helpers/run.js";
import { fakeTargets, makeKeys, makeRoot, tempDir } from "./helpers/tuf-fixture.js";

const b64 = (pem: string) => Buffer.from(pem).toString("base64");

async function rejection(promise: Promise<unknown>): Promise<CwsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CwsError);
  return error as CwsError;
}

/** A CI-style environment: keys as base64 PEM secrets, root.json as a file. */
function ciEnv() {
  const { keys, pems } = makeKeys();
  const rootPath = join(tempDir(), "root.json");
  writeFileSync(rootPath, makeRoot(keys).bytes);
  const env: Record<string, string> = {
    CWS_TUF_TARGETS_KEY: b64(pems.targets),
    CWS_TUF_SNAPSHOT_KEY: b64(pems.snapshot),
    CWS_TUF_TIMESTAMP_KEY: pems.timestamp,
    CWS_TUF_ROOT_METADATA: rootPath,
  };
  return { keys, pems, env, rootPath };
}

describe("ensureDevKeys", () => {
  it("creates 0600 keys and a self-signed v1 root once, then reuses them", async () => {
    const dir = join(tempDir(), "tuf");
    const first = await ensureDevKeys(dir, new Date("2026-01-01T00:00:00Z"));
    expect(first.created).toBe(true);
    for (const path of Object.values(first.keyPaths)) expect(statSync(path).mode & 0o777).toBe(0o600);
    const rootBytes = readFileSync(first.rootPath, "utf8");
    const root = parseTrustedRoot(JSON.parse(rootBytes), first.rootPath);
    expect(root.signed.version).toBe(1);
    expect(root.signed.expires).toBe("2027-01-01T00:00:00Z");
    expect(root.signed.roles.targets?.keyIDs).toEqual([loadSigningKey(readFileSync(first.keyPaths.targets, "utf8"), "t").keyId]);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("*\n");

    const second = await ensureDevKeys(dir);
    expect(second.created).toBe(false);
    expect(readFileSync(second.rootPath, "utf8")).toBe(rootBytes);
  });

  it("refuses to touch a partial key folder", async () => {
    const dir = join(tempDir(), "tuf");
    const dev = await ensureDevKeys(dir);
    rmSync(dev.keyPaths.snapshot);
    const error = await rejection(ensureDevKeys(dir));
    expect(error.code).toBe("TUF_KEYS_MISSING");
    expect(error.message).toContain("snapshot.pem");
  });
});

describe("loadSigningKeys", () => {
  it("uses dev keys when no CWS_TUF_* variable is set, and they sign a tree", async () => {
    const dir = join(tempDir(), "tuf");
    const setup = await loadSigningKeys({ HOME: "/home/x" }, dir);
    expect(setup.source).toBe("dev");
    expect(setup.rootKey).toBeDefined();
    const out = signTree({ targets: fakeTargets("r1"), root: setup.root, keys: setup.keys, version: 1, signedAt: new Date() });
    expect(out.has("metadata/timestamp.json")).toBe(true);
    // Reuse: the same keys the second time.
    expect((await loadSigningKeys({}, dir)).keys.targets.keyId).toBe(setup.keys.targets.keyId);
  });

  it("uses keys from env vars (PEM or base64) checked against CWS_TUF_ROOT_METADATA", async () => {
    const { keys, env } = ciEnv();
    const devDir = join(tempDir(), "unused");
    const setup = await loadSigningKeys(env, devDir);
    expect(setup.source).toBe("env");
    expect(setup.keys.targets.keyId).toBe(keys.targets.keyId);
    expect(setup.keys.timestamp.keyId).toBe(keys.timestamp.keyId);
    expect(setup.rootKey).toBeUndefined();
    expect(() => statSync(devDir)).toThrow();
    expect(signTree({ targets: fakeTargets("r1"), root: setup.root, keys: setup.keys, version: 1, signedAt: new Date() }).size).toBeGreaterThan(5);
  });

  it("needs only the requested roles", async () => {
    const { env } = ciEnv();
    const setup = await loadSigningKeys({ CWS_TUF_TIMESTAMP_KEY: env.CWS_TUF_TIMESTAMP_KEY, CWS_TUF_ROOT_METADATA: env.CWS_TUF_ROOT_METADATA }, tempDir(), [
      "timestamp",
    ]);
    expect(Object.keys(setup.keys)).toEqual(["timestamp"]);
  });

  it("names the missing variables when the environment is only partly configured", async () => {
    const { env } = ciEnv();
    const error = await rejection(loadSigningKeys({ ...env, CWS_TUF_SNAPSHOT_KEY: "", CWS_TUF_ROOT_METADATA: undefined }, tempDir()));
    expect(error.code).toBe("TUF_KEYS_MISSING");
    expect(error.message).toContain("CWS_TUF_SNAPSHOT_KEY");
    expect(error.message).toContain("CWS_TUF_ROOT_METADATA");
  });

  it("rejects a key that does not match root.json, without showing key material", async () => {
    const { env, pems } = ciEnv();
    const stranger = makeKeys().pems;
    for (const [name, value] of [
      ["CWS_TUF_SNAPSHOT_KEY", b64(stranger.snapshot)],
      ["CWS_TUF_TARGETS_KEY", pems.timestamp],
      ["CWS_TUF_ROOT_KEY", stranger.root],
    ] as const) {
      const error = await rejection(loadSigningKeys({ ...env, [name]: value }, tempDir()));
      expect(error.code).toBe("TUF_KEY_MISMATCH");
      expect(error.message).toContain(name);
      const shown = `${error.message}\n${error.hint}\n${error.stack ?? ""}`;
      expect(shown).not.toMatch(/PRIVATE KEY|LS0tLS1CRUdJTi/);
      for (const pem of [...Object.values(pems), ...Object.values(stranger)]) {
        for (const line of pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))) expect(shown).not.toContain(line);
      }
    }
  });

  it("rejects an unreadable or unsigned root.json", async () => {
    const { env, rootPath } = ciEnv();
    expect((await rejection(loadSigningKeys({ ...env, CWS_TUF_ROOT_METADATA: join(tempDir(), "nope.json") }, tempDir()))).code).toBe("TUF_ROOT_INVALID");
    const root = JSON.parse(readFileSync(rootPath, "utf8"));
    root.signed.expires = "2099-01-01T00:00:00Z";
    writeFileSync(rootPath, JSON.stringify(root));
    expect((await rejection(loadSigningKeys(env, tempDir()))).code).toBe("TUF_ROOT_INVALID");
  });
});

describe("npm run keys", () => {
  it("prints the root.json path, and with --print-env export lines that load as CI keys", async () => {
    const dir = join(tempDir(), "tuf");
    const plain = runScript("gen-keys.ts", ["--dir", dir]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(join(dir, "root.json"));
    expect(plain.stdout).not.toMatch(/PRIVATE|export/);

    const printed = runScript("gen-keys.ts", ["--dir", dir, "--print-env"]);
    expect(printed.status).toBe(0);
    expect(printed.stderr).toMatch(/private signing keys/);
    const env = Object.fromEntries([...printed.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env).sort()).toEqual(["CWS_TUF_ROOT_METADATA", "CWS_TUF_SNAPSHOT_KEY", "CWS_TUF_TARGETS_KEY", "CWS_TUF_TIMESTAMP_KEY"]);
    const fromEnv = await loadSigningKeys(env, join(tempDir(), "unused"));
    const fromDev = await loadSigningKeys({}, dir);
    expect(fromEnv.source).toBe("env");
    expect(fromEnv.keys.snapshot.keyId).toBe(fromDev.keys.snapshot.keyId);
  });
});
