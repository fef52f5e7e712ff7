import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Updater } from "tuf-js";
import type { RegistryConfig } from "./config.js";
import { CLI_EXIT, cliError } from "./errors.js";
import { cacheDir } from "./paths.js";

interface Verified {
  refreshed_at: string;
  files: Record<string, { file: string; sha256: string }>;
}

const SECURITY_ERRORS: Record<string, (e: Error) => string> = {
  ExpiredMetadataError: (e) => `its signed metadata has expired (${e.message}); the publisher stopped re-signing it, or someone is replaying old data`,
  BadVersionError: (e) => `it served older metadata than this machine already trusts (${e.message}): a rollback`,
  EqualVersionError: (e) => `it served changed metadata under an already trusted version (${e.message}): a rollback`,
  UnsignedMetadataError: (e) => `its metadata is not signed by the trusted keys (${e.message})`,
  LengthOrHashMismatchError: (e) => `a file does not match its signed hash (${e.message}): it was tampered with or corrupted`,
  DownloadLengthMismatchError: (e) => `a file is longer than its signed length (${e.message}): it was tampered with or corrupted`,
};

/**
 * One marketplace, read through TUF (tuf-js) with a per-registry cache under XDG_CACHE_HOME.
 * Verified files are reused while their hash is still current, so unchanged data is not
 * downloaded again; when the network is down the last verified copies are used, with a warning.
 * Security failures (expiry, rollback, bad signatures or hashes) never fall back.
 */
export class MarketplaceSource {
  readonly dir: string;
  private updater: Updater | undefined;
  private verified: Verified;
  /** When set, the source is offline and serving data verified at this time. */
  offlineSince: string | undefined;

  constructor(
    readonly registry: RegistryConfig,
    env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.dir = join(cacheDir(env), createHash("sha256").update(registry.url).digest("hex").slice(0, 16));
    this.verified = this.readVerified();
  }

  async open(): Promise<void> {
    const metadataDir = join(this.dir, "metadata");
    const targetDir = join(this.dir, "targets");
    mkdirSync(metadataDir, { recursive: true });
    mkdirSync(targetDir, { recursive: true });
    if (!existsSync(join(metadataDir, "root.json"))) {
      if (!existsSync(this.registry.trustedRoot)) {
        throw cliError(
          "NO_TRUSTED_ROOT",
          `trusted root ${this.registry.trustedRoot} does not exist`,
          "pass --trusted-root <root.json> (for npm start: .data/tuf/root.json in the marketplace checkout)",
          CLI_EXIT.usage,
        );
      }
      copyFileSync(this.registry.trustedRoot, join(metadataDir, "root.json"));
    }
    const paths = await this.discover();
    const updater = new Updater({
      metadataDir,
      metadataBaseUrl: new URL(paths.metadata, `${this.registry.url}/`).href.replace(/\/$/, ""),
      targetDir,
      targetBaseUrl: new URL(paths.targets, `${this.registry.url}/`).href.replace(/\/$/, ""),
      config: { fetchRetries: 1, fetchTimeout: 10_000, userAgent: "cws-marketplace" },
    });
    try {
      await updater.refresh();
      this.updater = updater;
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Where metadata and targets live, from /.well-known/cws-marketplace.json, so a marketplace can
   * be hosted under any prefix. Only paths come from it, and every file they lead to is verified.
   */
  private async discover(): Promise<{ metadata: string; targets: string }> {
    const cached = join(this.dir, "discovery.json");
    const fallback = { metadata: "metadata/", targets: "./" };
    try {
      const res = await fetch(`${this.registry.url}/.well-known/cws-marketplace.json`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) return fallback;
      const doc = (await res.json()) as { spec_version?: unknown; metadata?: unknown; targets?: unknown };
      if (typeof doc.metadata !== "string" || typeof doc.targets !== "string") return fallback;
      // Relative to the registry URL, so a "/" in the document cannot point at another host.
      const paths = { metadata: doc.metadata.replace(/^\/+/, ""), targets: doc.targets.replace(/^\/+/, "") || "./" };
      writeFileSync(cached, JSON.stringify(paths));
      return paths;
    } catch {
      try {
        return JSON.parse(readFileSync(cached, "utf8")) as { metadata: string; targets: string };
      } catch {
        return fallback;
      }
    }
  }

  /** The verified bytes of a target, such as indexes/catalog.json. */
  async read(path: string): Promise<Uint8Array> {
    if (!this.updater) return this.readOffline(path);
    try {
      const info = await this.updater.getTargetInfo(path);
      if (!info) throw cliError("NOT_FOUND", `${this.registry.name} has no ${path}`, "check the id, or run `cws marketplace list`", CLI_EXIT.notFound);
      const file = (await this.updater.findCachedTarget(info)) ?? (await this.updater.downloadTarget(info));
      const bytes = new Uint8Array(readFileSync(file));
      this.verified.files[path] = { file, sha256: createHash("sha256").update(bytes).digest("hex") };
      this.verified.refreshed_at = new Date().toISOString();
      this.writeVerified();
      return bytes;
    } catch (error) {
      if ((error as { exitCode?: number }).exitCode !== undefined) throw error;
      try {
        return this.fail(error);
      } catch (failure) {
        if (failure instanceof OfflineSignal) return this.readOffline(path);
        throw failure;
      }
    }
  }

  private readOffline(path: string): Uint8Array {
    const entry = this.verified.files[path];
    if (!entry || !existsSync(entry.file)) {
      throw cliError(
        "OFFLINE",
        `cannot reach ${this.registry.url}, and ${path} was never downloaded`,
        "check your network, or start the marketplace (npm start)",
        CLI_EXIT.failed,
      );
    }
    const bytes = new Uint8Array(readFileSync(entry.file));
    if (createHash("sha256").update(bytes).digest("hex") !== entry.sha256) {
      throw cliError("CACHE_CORRUPT", `the cached copy of ${path} changed since it was verified`, `delete ${this.dir} and retry online`, CLI_EXIT.refused);
    }
    return bytes;
  }

  private fail(error: unknown): never {
    const e = error as Error;
    const explain = SECURITY_ERRORS[e.constructor?.name ?? ""] ?? SECURITY_ERRORS[e.name];
    if (explain) {
      throw cliError(
        "UNTRUSTED",
        `refusing ${this.registry.url}: ${explain(e)}`,
        "nothing was used; try again later, and report it to the marketplace operators if it persists",
        CLI_EXIT.refused,
      );
    }
    if (Object.keys(this.verified.files).length > 0) {
      this.offlineSince = this.verified.refreshed_at;
      this.updater = undefined;
      throw new OfflineSignal();
    }
    throw cliError(
      "UNREACHABLE",
      `cannot reach ${this.registry.url}: ${e.message}`,
      "check your network or --registry-url; for the local marketplace run `npm start`",
      CLI_EXIT.failed,
    );
  }

  private readVerified(): Verified {
    try {
      return JSON.parse(readFileSync(join(this.dir, "verified.json"), "utf8")) as Verified;
    } catch {
      return { refreshed_at: "", files: {} };
    }
  }

  private writeVerified(): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = join(this.dir, `verified.json.${process.pid}`);
    writeFileSync(tmp, JSON.stringify(this.verified));
    renameSync(tmp, join(this.dir, "verified.json"));
  }
}

/** Thrown by open() and read() when the network failed but verified copies exist. */
export class OfflineSignal extends Error {
  constructor() {
    super("offline");
  }
}

/** Opens a source, falling back to its verified cache when offline. */
export async function openSource(registry: RegistryConfig, env?: Readonly<Record<string, string | undefined>>): Promise<MarketplaceSource> {
  const source = new MarketplaceSource(registry, env);
  try {
    await source.open();
  } catch (error) {
    if (!(error instanceof OfflineSignal)) throw error;
  }
  return source;
}
