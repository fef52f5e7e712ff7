import { spawn } from "node:child_process";
import { join } from "node:path";
import { runBuild } from "../../core/build/run-build.js";
import { ROOT, tempDir } from "../helpers/run.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A user's machine: private XDG folders, so caches and config never leak between tests. */
export function userHome(): Record<string, string> {
  const home = tempDir("cws-home-");
  return { XDG_CACHE_HOME: join(home, "cache"), XDG_CONFIG_HOME: join(home, "config"), XDG_STATE_HOME: join(home, "state"), HOME: home };
}

/**
 * Runs the shipped bin (cli/bin/cws.mjs → the bundle) as a subprocess with colour off. Async on
 * purpose: the test's own loopback servers must keep answering while the CLI runs.
 */
export function cws(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli([process.execPath, join(ROOT, "cli/bin/cws.mjs")], args, env);
}

export interface RunOptions {
  cwd?: string;
  /** Close the read end of stdout at once, as `| head -1` does once it has its line. */
  closeStdout?: boolean;
}

/** Runs a CLI command line (argv[0] and its fixed arguments, then args) with only PATH and env. */
export function runCli(command: string[], args: string[], env: Record<string, string>, options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [file = "", ...fixed] = command;
    const child = spawn(file, [...fixed, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    if (options.closeStdout) child.stdout.destroy();
    else
      child.stdout.on("data", (d) => {
        stdout += d;
      });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A signed build of the seeded registry (or `registry`) in a temp folder, with its own dev keys. */
export async function builtMarketplace(options: { now?: Date; keysDir?: string; out?: string; registry?: string } = {}) {
  const keysDir = options.keysDir ?? tempDir("cws-keys-");
  const out = options.out ?? join(tempDir("cws-tree-"), "dist");
  await runBuild({
    registry: options.registry ?? join(ROOT, "registry"),
    out,
    env: {},
    devKeysDir: keysDir,
    site: false,
    ...(options.now ? { now: options.now } : {}),
  });
  return { out, keysDir, root: join(keysDir, "root.json") };
}
