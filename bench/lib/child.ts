import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const PEAK_RSS_PRELOAD = join(ROOT, "bench/lib/peak-rss.mjs");

export interface ChildRun {
  ms: number;
  /** Peak RSS of the direct child in bytes, when the preload reported it. */
  peakRss?: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The limit the run had, for the "timed out after" note. */
  timeoutMs: number;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Kill the child after this long; the run then reports timedOut. */
  timeoutMs: number;
  /** Where the peak-RSS preload writes; a fresh file per run. */
  rssFile: string;
  /** Extra node flags (for example --cpu-prof) placed before the preload. */
  nodeFlags?: string[];
  /** Variables of the harness's environment the child must not see. */
  unsetEnv?: string[];
}

/**
 * Runs `node <flags> --import peak-rss.mjs <args>` and measures wall time from spawn to exit.
 * Asynchronous on purpose: the harness's own loopback servers must keep answering the child.
 * The environment is the harness's own plus `env`, so PATH and locale behave as in a shell.
 */
export function runNode(args: string[], options: ChildOptions): Promise<ChildRun> {
  rmSync(options.rssFile, { force: true });
  const argv = [...(options.nodeFlags ?? []), "--import", PEAK_RSS_PRELOAD, ...args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...options.env, BENCH_PEAK_RSS_FILE: options.rssFile };
    for (const name of options.unsetEnv ?? []) delete env[name];
    const child = spawn(process.execPath, argv, {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      const peakRss = readPeakRss(options.rssFile);
      resolve({
        ms,
        ...(peakRss !== undefined ? { peakRss } : {}),
        code,
        signal,
        timedOut,
        timeoutMs: options.timeoutMs,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/** The first line is the direct child (grandchildren that load the preload append after it). */
export function readPeakRss(file: string): number | undefined {
  try {
    const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
    const kb = Number(first.split(" ")[1]);
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A one-line reason for a failed run, for the harness error. */
export function failure(what: string, run: ChildRun): Error {
  const why = run.timedOut ? "timed out" : `exited with ${run.code ?? run.signal}`;
  const tail = `${run.stderr}\n${run.stdout}`.trim().split("\n").slice(-15).join("\n");
  return new Error(`${what} ${why}:\n${tail}`);
}
