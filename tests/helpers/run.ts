import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script under scripts/ as a user would, through tsx, with colour off. */
export function runScript(script: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const result = spawnSync(process.execPath, [TSX, join(ROOT, "scripts", script), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = "cws-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A private copy of the seeded registry to edit into bad shapes. */
export function copyRegistry(from = join(ROOT, "registry")): string {
  const dir = join(tempDir(), "registry");
  cpSync(from, dir, { recursive: true });
  return dir;
}
