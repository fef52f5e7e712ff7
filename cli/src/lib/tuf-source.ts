import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Updater } from "tuf-js";
import type { RegistryConfig } from "./config.js";
import { discoverPaths } from "./discovery.js";
import { CLI_EXIT, cliError } from "./errors.js";
import type { HttpFetcher, WitnessFetcher } from "./http-fetcher.js";
import { cacheDir } from "./paths.js";
import { classifyFailure, refusalMessage } from "./tuf-failure.js";
import { patchUpdaterTargets } from "./tuf-fast-targets.js";
import { VerifiedCache, type VerifiedFile } from "./verified-cache.js";

export type { VerifiedFile } from "./verified-cache.js";

const FETCH_TIMEOUT_MS = 10_000;
const USER_AGENT = "cws-marketplace";
/** Never reuse a refresh for longer than this, whatever max-age the CDN sends. */
const MAX_FRESH_SECONDS = 300;

type Env = Readonly<Record<string, string | undefined>>;

export interface SourceOptions {
  /** Ask the marketplace for new metadata even when the last refresh is still fresh. */
  refresh?: boolean;
}

const REFUSED_HINT = "nothing was used, not even the cached copies; try again later, and report it to the marketplace operators if it persists";

/**
 * One marketplace, read through TUF (tuf-js) with a per-registry cache under XDG_CACHE_HOME.
 * Verified files are reused while their hash is still current, so unchanged data is not
 * downloaded again. Within timestamp.json's Cache-Control max-age of the last refresh, files it
 * verified are used without a request (the CDN would serve the same metadata); when the network
 * is down the last verified copies are used, with a warning, until their signed metadata
 * expires. Anything the marketplace answered that fails verification is a refusal (exit 4) and
 * never falls back (see tuf-failure.ts and docs/client-spec.md).
 */
export class MarketplaceSource {
  readonly dir: string;
  private updater: Updater | undefined;
  private witness: WitnessFetcher | undefined;
  private mode: "fresh" | "online" | "offline" = "online";
  private readonly cache: VerifiedCache;
  /** When set, the source is offline and serving data verified at this time. */
  offlineSince: string | undefined;

  constructor(
    readonly registry: RegistryConfig,
    private readonly env: Env = process.env,
    private readonly options: SourceOptions = {},
  ) {
    this.dir = join(cacheDir(env), createHash("sha256").update(registry.url).digest("hex").slice(0, 16));
    this.cache = new VerifiedCache(this.dir);
  }

  async open(): Promise<void> {
    const metadataDir = join(this.dir, "metadata");
    mkdirSync(metadataDir, { recursive: true });
    mkdirSync(join(this.dir, "targets"), { recursive: true });
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
    if (!this.options.refresh && this.cache.isFresh(Date.now())) {
      this.mode = "fresh";
      return;
    }
    await this.connect();
  }

  /** Refreshes TUF metadata from the marketplace; loads tuf-js only when it is needed. */
  private async connect(): Promise<void> {
    const [tuf, { HttpFetcher, WitnessFetcher, proxyFetcher, wantsProxy }] = await Promise.all([import("tuf-js"), import("./http-fetcher.js")]);
    // tuf-js is CommonJS: Node exposes its exports as named and default, the bundle as default only.
    const { Updater, TargetFile } = tuf.default;
    const options = { timeoutMs: FETCH_TIMEOUT_MS, userAgent: USER_AGENT };
    // tuf-js's own fetcher honours proxy variables; ours is faster to load.
    const fetcher: HttpFetcher | undefined = wantsProxy(this.env) ? undefined : new HttpFetcher(options);
    // Tells a network failure from a refusal: did the marketplace answer?
    const witness = new WitnessFetcher(fetcher ?? proxyFetcher({ ...options, retries: 1 }));
    this.witness = witness;
    const get = async (url: string, max: number) =>
      fetcher
        ? (await fetcher.downloadBytes(url, max)).toString("utf8")
        : await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((res) => (res.ok ? res.text() : "{}"));
    const metadataDir = join(this.dir, "metadata");
    let paths = await discoverPaths(this.registry.url, this.dir, false, get);
    for (;;) {
      const updater = new Updater({
        metadataDir,
        metadataBaseUrl: new URL(paths.metadata, `${this.registry.url}/`).href.replace(/\/$/, ""),
        targetDir: join(this.dir, "targets"),
        targetBaseUrl: new URL(paths.targets, `${this.registry.url}/`).href.replace(/\/$/, ""),
        config: { fetchRetries: 1, fetchTimeout: FETCH_TIMEOUT_MS, userAgent: USER_AGENT },
        fetcher: witness,
      });
      witness.last = undefined;
      try {
        await updater.refresh();
        // Before any hash bin is loaded: the library parses a bin in time quadratic in its targets.
        patchUpdaterTargets(updater, TargetFile);
        this.updater = updater;
        this.mode = "online";
        this.cache.refreshed(new Date(), Math.min(fetcher?.timestampMaxAge ?? 0, MAX_FRESH_SECONDS), earliestExpiry(metadataDir));
        this.cache.save();
        return;
      } catch (error) {
        // The marketplace may have moved its paths since discovery was cached: ask once more.
        if (paths.cached && classifyFailure(error, witness.last, this.registry.url).kind === "absent") {
          paths = await discoverPaths(this.registry.url, this.dir, true, get);
          continue;
        }
        this.fail(error);
      }
    }
  }

  /** The verified bytes of a target, such as the catalog (core/spec/layout.ts). */
  async read(path: string): Promise<Uint8Array> {
    return (await this.readFile(path)).bytes;
  }

  /** The verified bytes of a target and their SHA-256, as signed (so callers need not hash again). */
  async readFile(path: string): Promise<VerifiedFile> {
    if (this.mode === "fresh") {
      // Checked again: a long command must not read past the metadata's expiry either.
      const hit = this.cache.isFresh(Date.now()) ? this.cache.readFresh(path) : undefined;
      if (hit) return hit;
      // Not verified by the last refresh: refresh now, or fall back to the offline copy.
      try {
        await this.connect();
      } catch (failure) {
        if (failure instanceof OfflineSignal) return this.readOffline(path);
        throw failure;
      }
    }
    if (!this.updater) return this.readOffline(path);
    if (this.witness) this.witness.last = undefined;
    try {
      const info = await this.updater.getTargetInfo(path);
      if (!info) throw cliError("NOT_FOUND", `${this.registry.name} has no ${path}`, "check the id, or run `cws marketplace list`", CLI_EXIT.notFound);
      // Both calls check length and SHA-256 against the signed target info before returning.
      const file = (await this.updater.findCachedTarget(info)) ?? (await this.updater.downloadTarget(info));
      const bytes = readFileSync(file);
      const sha256 = info.hashes.sha256 ?? createHash("sha256").update(bytes).digest("hex");
      this.cache.record(path, file, sha256);
      this.cache.save();
      return { bytes, sha256 };
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

  private readOffline(path: string): VerifiedFile {
    const found = this.cache.readOffline(path, Date.now(), this.cachedExpiry());
    if (found === "missing") {
      throw cliError(
        "OFFLINE",
        `cannot reach ${this.registry.url}, and ${path} was never downloaded`,
        "check your network, or start the marketplace (npm start)",
        CLI_EXIT.failed,
      );
    }
    if (found === "changed") {
      throw cliError("CACHE_CORRUPT", `the cached copy of ${path} changed since it was verified`, `delete ${this.dir} and retry online`, CLI_EXIT.refused);
    }
    if ("expired" in found) throw this.expired(found.expired);
    return found;
  }

  /** When the metadata of the last refresh expires; read from it for caches that did not record it. */
  private cachedExpiry(): string | undefined {
    return this.cache.expires ?? earliestExpiry(join(this.dir, "metadata"));
  }

  /** Offline, past the expiry of the cached metadata: serving it would let a freeze attack work. */
  private expired(at: string) {
    return cliError(
      "EXPIRED",
      `cannot reach ${this.registry.url}, and the marketplace's signed metadata expired at ${at}; refresh when it is reachable`,
      "cached copies are not shown once their signatures expire, so no one can hold this machine on old data by blocking the marketplace",
      CLI_EXIT.refused,
    );
  }

  private fail(error: unknown): never {
    const failure = classifyFailure(error, this.witness?.last, this.registry.url);
    if (failure.kind === "refused") throw cliError("UNTRUSTED", refusalMessage(failure, this.registry.url), REFUSED_HINT, CLI_EXIT.refused);
    if (failure.kind === "absent") {
      throw cliError(
        "NO_MARKETPLACE",
        `${this.registry.url} answered HTTP ${failure.status} for ${failure.file}: no marketplace is published there`,
        "check --registry-url; for the local marketplace run `npm start`",
        CLI_EXIT.failed,
      );
    }
    if (!this.cache.isEmpty) {
      const expires = this.cachedExpiry();
      if (!expires || !(Date.now() < Date.parse(expires))) throw this.expired(expires ?? "an unknown time");
      this.offlineSince = this.cache.refreshedAt;
      this.updater = undefined;
      this.mode = "offline";
      throw new OfflineSignal();
    }
    throw cliError(
      "UNREACHABLE",
      `cannot reach ${this.registry.url}: ${failure.reason}`,
      "check your network or --registry-url; for the local marketplace run `npm start`",
      CLI_EXIT.failed,
    );
  }
}

/** The earliest expiry among the top-level metadata tuf-js just persisted, if readable. */
function earliestExpiry(metadataDir: string): string | undefined {
  let earliest: string | undefined;
  for (const role of ["root", "timestamp", "snapshot", "targets"]) {
    try {
      const expires = (JSON.parse(readFileSync(join(metadataDir, `${role}.json`), "utf8")) as { signed?: { expires?: unknown } }).signed?.expires;
      if (typeof expires !== "string") return undefined;
      if (!earliest || Date.parse(expires) < Date.parse(earliest)) earliest = expires;
    } catch {
      return undefined;
    }
  }
  return earliest;
}

/** Thrown by open() and read() when the network failed but verified copies exist. */
export class OfflineSignal extends Error {
  constructor() {
    super("offline");
  }
}

/** Opens a source, falling back to its verified cache when offline. */
export async function openSource(registry: RegistryConfig, env?: Env, options: SourceOptions = {}): Promise<MarketplaceSource> {
  const source = new MarketplaceSource(registry, env, options);
  try {
    await source.open();
  } catch (error) {
    if (!(error instanceof OfflineSignal)) throw error;
  }
  return source;
}
