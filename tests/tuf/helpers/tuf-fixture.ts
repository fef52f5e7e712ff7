import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Updater } from "tuf-js";
import type { TopRole } from "../../../core/tuf/expiry.js";
import type { JsonObject } from "../../../core/tuf/json.js";
import { generateSigningKey, type SigningKey } from "../../../core/tuf/keys.js";
import { createRoot } from "../../../core/tuf/root.js";
import { type SignTreeOptions, signTree } from "../../../core/tuf/sign-tree.js";

export interface TestKeys {
  keys: Record<TopRole, SigningKey>;
  pems: Record<TopRole, string>;
}

export function makeKeys(): TestKeys {
  const roles: TopRole[] = ["root", "targets", "snapshot", "timestamp"];
  const generated = roles.map((role) => [role, generateSigningKey()] as const);
  return {
    keys: Object.fromEntries(generated.map(([role, g]) => [role, g.key])) as Record<TopRole, SigningKey>,
    pems: Object.fromEntries(generated.map(([role, g]) => [role, g.privateKeyPem])) as Record<TopRole, string>,
  };
}

export function makeRoot(keys: Record<TopRole, SigningKey>, signedAt = new Date()): { bytes: Uint8Array; json: JsonObject } {
  const bytes = createRoot({ keys, signedAt });
  return { bytes, json: JSON.parse(new TextDecoder().decode(bytes)) as JsonObject };
}

export function tempDir(prefix = "cws-tuf-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const encode = (text: string) => new TextEncoder().encode(text);

/** A small CDN tree: nested JSON targets whose content depends on `release`. */
export function fakeTargets(release: string): Map<string, Uint8Array> {
  return new Map([
    ["indexes/catalog.json", encode(`{"release":"${release}","templates":["genomics-pipeline-v3"]}\n`)],
    ["templates/genomics-pipeline-v3/metadata.json", encode(`{"id":"genomics-pipeline-v3","release":"${release}"}\n`)],
    ["api/v1/marketplace/templates/index.json", encode(`{"count":1,"release":"${release}"}\n`)],
    ["index.html", encode(`<!doctype html><title>${release}</title>\n`)],
    // Non-ASCII paths check that our canonical JSON matches the client's byte for byte.
    ["docs/résumé.json", encode(`{"release":"${release}"}\n`)],
  ]);
}

export function writeTree(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/** Signs targets and writes the complete tree (targets, hashed copies, metadata) into dir. */
export function publish(dir: string, options: SignTreeOptions): Map<string, Uint8Array> {
  const signed = signTree(options);
  writeTree(dir, options.targets);
  writeTree(dir, signed);
  return signed;
}

/** A tuf-js client with its own cache, seeded with a trusted root.json, talking to baseUrl. */
export class TestClient {
  readonly metadataDir = tempDir("cws-tuf-client-md-");
  readonly targetDir = tempDir("cws-tuf-client-tg-");

  constructor(
    private readonly baseUrl: string,
    rootBytes: Uint8Array,
  ) {
    writeFileSync(join(this.metadataDir, "root.json"), rootBytes);
  }

  /** A fresh Updater per call, like a new client run: refresh() loads the trusted state from disk. */
  updater(): Updater {
    return new Updater({
      metadataDir: this.metadataDir,
      metadataBaseUrl: `${this.baseUrl}/metadata`,
      targetDir: this.targetDir,
      targetBaseUrl: this.baseUrl,
      // Nothing here is flaky; retries would only slow failing cases down.
      config: { fetchRetries: 0 },
    });
  }

  /** Refreshes and downloads one target, returning its text. */
  async fetch(path: string): Promise<string> {
    const updater = this.updater();
    await updater.refresh();
    const info = await updater.getTargetInfo(path);
    if (!info) throw new Error(`no target info for ${path}`);
    return readFileSync(await updater.downloadTarget(info), "utf8");
  }

  trustedVersion(role: "timestamp" | "snapshot" | "targets"): number {
    const json = JSON.parse(readFileSync(join(this.metadataDir, `${role}.json`), "utf8")) as { signed: { version: number } };
    return json.signed.version;
  }
}
