import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface VerifiedFile {
  bytes: Uint8Array;
  sha256: string;
}

interface Entry {
  file: string;
  sha256: string;
  size: number;
  mtime_ms: number;
  /** The refresh that verified it: only entries of the latest refresh belong to its snapshot. */
  refresh: string;
  /** The earliest expiry of the metadata that verified it: it is never served after that. */
  expires?: string;
}

interface State {
  /** When the last TUF refresh passed (ISO 8601); also identifies that refresh. */
  refreshed_at: string;
  /** Until when (epoch ms) that refresh may be reused without asking the marketplace. */
  fresh_until?: number;
  /** The earliest expiry of the top-level metadata that refresh trusted (bins outlive it). */
  expires?: string;
  files: Record<string, Entry>;
}

/**
 * verified.json: which cached files passed TUF verification, and when. It serves two cases
 * without tuf-js: the marketplace is unreachable (files are re-hashed, and the user is told
 * how old they are), and the last refresh is younger than timestamp.json's Cache-Control
 * max-age, when the CDN itself would answer with the same metadata (files are matched by size
 * and modification time, as git's index does, because hashing a large catalog on every
 * command would cost more than the rest of a search). Neither serves a file once the metadata
 * that verified it has expired: past that, old data could be a replay (a freeze attack).
 */
export class VerifiedCache {
  private state: State;

  constructor(private readonly dir: string) {
    try {
      this.state = JSON.parse(readFileSync(join(dir, "verified.json"), "utf8")) as State;
      if (typeof this.state.files !== "object" || this.state.files === null) throw new Error("bad verified.json");
    } catch {
      this.state = { refreshed_at: "", files: {} };
    }
  }

  get refreshedAt(): string {
    return this.state.refreshed_at;
  }

  /** The earliest expiry of the metadata the latest refresh trusted, if known. */
  get expires(): string | undefined {
    return this.state.expires;
  }

  get isEmpty(): boolean {
    return Object.keys(this.state.files).length === 0;
  }

  /** True while the last refresh may stand in for a new one. */
  isFresh(now: number): boolean {
    const { fresh_until: until, expires } = this.state;
    return until !== undefined && now < until && expires !== undefined && now < Date.parse(expires);
  }

  refreshed(at: Date, maxAgeSeconds: number, expires: string | undefined): void {
    this.state.refreshed_at = at.toISOString();
    if (expires) this.state.expires = expires;
    else delete this.state.expires;
    if (expires && maxAgeSeconds > 0) this.state.fresh_until = at.getTime() + maxAgeSeconds * 1000;
    else delete this.state.fresh_until;
  }

  record(path: string, file: string, sha256: string): void {
    const stat = statSync(file);
    const { refreshed_at: refresh, expires } = this.state;
    this.state.files[path] = { file, sha256, size: stat.size, mtime_ms: stat.mtimeMs, refresh, ...(expires ? { expires } : {}) };
  }

  /** A file verified by the latest refresh and unchanged since, or undefined. */
  readFresh(path: string): VerifiedFile | undefined {
    const entry = this.state.files[path];
    if (!entry || entry.refresh !== this.state.refreshed_at) return undefined;
    try {
      const stat = statSync(entry.file);
      if (stat.size !== entry.size || stat.mtimeMs !== entry.mtime_ms) return undefined;
      // A Buffer is a Uint8Array: copying 8 MB of catalog was a tenth of a warm search.
      return { bytes: readFileSync(entry.file), sha256: entry.sha256 };
    } catch {
      return undefined;
    }
  }

  /**
   * The last verified copy, re-hashed; "missing" or "changed" when there is none to trust, and
   * `{ expired }` once the metadata that verified it has expired (or when its expiry is unknown:
   * `fallbackExpires` is for caches written before entries recorded it).
   */
  readOffline(path: string, now: number, fallbackExpires?: string): VerifiedFile | "missing" | "changed" | { expired: string } {
    const entry = this.state.files[path];
    if (!entry || !existsSync(entry.file)) return "missing";
    const expires = entry.expires ?? fallbackExpires;
    if (!expires || !(now < Date.parse(expires))) return { expired: expires ?? "an unknown time" };
    const bytes = readFileSync(entry.file);
    if (createHash("sha256").update(bytes).digest("hex") !== entry.sha256) return "changed";
    return { bytes, sha256: entry.sha256 };
  }

  save(): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = join(this.dir, `verified.json.${process.pid}`);
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, join(this.dir, "verified.json"));
  }
}
