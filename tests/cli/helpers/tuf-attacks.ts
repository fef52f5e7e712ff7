import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSigningKey, type SigningKey } from "../../../core/tuf/keys.js";
import { metaFileFor, type SignedJson, signMetadata } from "../../../core/tuf/metadata.js";
import { tempDir } from "../../helpers/run.js";

export type OnlineRole = "timestamp" | "snapshot" | "targets";

export interface Envelope {
  signatures?: { keyid: string; sig: string }[];
  signed: SignedJson & { meta?: Record<string, { version: number; length?: number; hashes?: Record<string, string> }> } & Record<string, unknown>;
}

const decoder = new TextDecoder();

/**
 * A private copy of a built, signed tree, for playing the attacker: edit a metadata file or a
 * target, and optionally re-sign what lists it (snapshot, timestamp) with the real online keys, so
 * that exactly one thing is wrong and the client must find that one thing.
 */
export class ReleaseCopy {
  readonly dir: string;
  private readonly keys: Record<OnlineRole, SigningKey>;

  constructor(source: string, keysDir: string) {
    this.dir = join(tempDir("cws-attack-"), "dist");
    cpSync(source, this.dir, { recursive: true });
    const load = (role: OnlineRole) => loadSigningKey(readFileSync(join(keysDir, "keys", `${role}.pem`), "utf8"), role);
    this.keys = { timestamp: load("timestamp"), snapshot: load("snapshot"), targets: load("targets") };
  }

  /** The file under metadata/ for a role as this release names it: timestamp.json, <V>.snapshot.json, <V>.bins-0.json. */
  file(role: string): string {
    if (role === "timestamp") return "metadata/timestamp.json";
    if (role === "snapshot") return `metadata/${this.read("timestamp").signed.meta?.["snapshot.json"]?.version}.snapshot.json`;
    const listed = this.read("snapshot").signed.meta?.[`${role}.json`];
    if (!listed) throw new Error(`${role}.json is not in the snapshot`);
    return `metadata/${listed.version}.${role}.json`;
  }

  /** Delegated bin roles the snapshot lists (bins-0, bins-1, …). */
  bins(): string[] {
    return Object.keys(this.read("snapshot").signed.meta ?? {})
      .filter((name) => name.startsWith("bins-"))
      .map((name) => name.replace(/\.json$/, ""));
  }

  read(role: string): Envelope {
    return JSON.parse(readFileSync(join(this.dir, this.file(role)), "utf8")) as Envelope;
  }

  bytes(role: string): Uint8Array {
    return readFileSync(join(this.dir, this.file(role)));
  }

  write(role: string, content: Envelope | Uint8Array | string): void {
    writeFileSync(join(this.dir, this.file(role)), content instanceof Uint8Array || typeof content === "string" ? content : JSON.stringify(content));
  }

  remove(role: string): void {
    rmSync(join(this.dir, this.file(role)));
  }

  /** Signs `signed` as `role` would (or with `key`, for a signer the root does not trust). */
  sign(signed: Envelope["signed"], role: OnlineRole | "bin", key?: SigningKey): Uint8Array {
    return signMetadata(signed, key ?? this.keys[role === "bin" ? "targets" : role]);
  }

  /** Edits a role's signed part and signs it again with its real key. */
  resign(role: string, edit: (signed: Envelope["signed"]) => void): void {
    const { signed } = this.read(role);
    edit(signed);
    this.write(role, this.sign(signed, role === "timestamp" || role === "snapshot" || role === "targets" ? role : "bin"));
  }

  /**
   * Makes the files above `role` list its current bytes again, signed with the real keys: the
   * snapshot (for targets and bins), then the timestamp. The role's own file stays as edited.
   */
  relink(role: string): void {
    if (role === "timestamp") return;
    const bytes = this.bytes(role);
    if (role === "snapshot") {
      this.resign("timestamp", (signed) => {
        const meta = signed.meta?.["snapshot.json"];
        if (meta) signed.meta = { "snapshot.json": metaFileFor(bytes, meta.version) };
      });
      return;
    }
    this.resign("snapshot", (signed) => {
      const meta = signed.meta?.[`${role}.json`];
      if (meta && signed.meta) signed.meta[`${role}.json`] = metaFileFor(bytes, meta.version);
    });
    this.relink("snapshot");
  }

  /** The hashed copy of a target, e.g. indexes/<sha256>.catalog.json, as the CDN serves it. */
  targetFile(path: string): string {
    const entry = (this.read("targets").signed.targets as Record<string, { hashes: { sha256: string } }>)[path];
    if (!entry) throw new Error(`${path} is not a top-level target`);
    const slash = path.lastIndexOf("/");
    return join(this.dir, `${path.slice(0, slash + 1)}${entry.hashes.sha256}.${path.slice(slash + 1)}`);
  }
}

export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
