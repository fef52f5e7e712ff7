import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Corpus } from "../corpus/generate.js";
import type { ChildOptions } from "./child.js";
import type { BenchOptions } from "./options.js";
import type { Row } from "./row.js";

/** What every section gets: options, the temporary folder, shared signing keys and the signing time. */
export class BenchContext {
  private counter = 0;

  constructor(
    readonly options: BenchOptions,
    /** The temporary folder (mkdtemp under os.tmpdir()), removed at the end unless --keep. */
    readonly tmp: string,
    /**
     * SOURCE_DATE_EPOCH for every build: reproducible trees, and recent enough that the signed
     * timestamp (7-day expiry) is still valid when the CLI reads it.
     */
    readonly epoch: number,
  ) {}

  /** Dev signing keys shared by all builds (created by the first build), so one root.json is trusted throughout. */
  get keysDir(): string {
    return join(this.tmp, "keys");
  }

  get trustedRoot(): string {
    return join(this.keysDir, "root.json");
  }

  log(message: string): void {
    if (this.options.verbose) process.stderr.write(`[bench] ${message}\n`);
  }

  /** A fresh subfolder of the temporary folder. */
  dir(name: string): string {
    const dir = join(this.tmp, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Options for one measured child: a fresh peak-RSS file, the timeout, and --cpu-prof when asked. */
  child(label: string, env: Record<string, string> = {}): ChildOptions {
    this.counter += 1;
    return { env, timeoutMs: this.options.timeoutMs, rssFile: join(this.tmp, `rss-${this.counter}.txt`), nodeFlags: this.profFlags(label) };
  }

  /** --cpu-prof flags for a child (measured process or server) when --cpu-prof was given. */
  profFlags(label: string): string[] {
    const prof = this.options.cpuProfDir;
    this.counter += 1;
    // One folder per process: node writes a profile per thread (tsx's loader runs in its own).
    return prof ? ["--cpu-prof", `--cpu-prof-dir=${join(prof, `${label}-${this.counter}`)}`] : [];
  }
}

/** A section's view of one registry size; sections leave results here for the ones after them. */
export interface SizeContext {
  bench: BenchContext;
  size: number;
  corpus: Corpus;
  /** The generated registry folder. */
  registry: string;
  /** A built tree (build --no-site at bench.epoch), once some section has made it. */
  tree?: string;
  /** Rows so far for this size, by id, for ratios such as warm search / naive Lunr. */
  rows: Map<string, Row>;
}
