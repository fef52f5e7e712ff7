import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ROOT } from "./child.js";

export interface ServerChild<T> {
  /** What the child printed as its first stdout line (JSON), such as its URL. */
  info: T;
  close(): Promise<void>;
}

/**
 * Starts a TypeScript server script (node --import tsx) in its own process, so it has a core
 * to itself while the harness drives load, and waits for the JSON line it prints when ready.
 * The child stops when its stdin closes, which also happens if the harness dies.
 */
export function startServerChild<T>(script: string, args: string[], nodeFlags: string[] = [], timeoutMs = 120_000): Promise<ServerChild<T>> {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve({
          info: JSON.parse(line) as T,
          close: async () => {
            child.stdin.end();
            await exited;
          },
        });
      } catch (error) {
        child.kill("SIGKILL");
        reject(new Error(`${script} printed "${line}" instead of JSON: ${(error as Error).message}`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${stderr}`));
    });
  });
}

/** For the child side: report readiness, then run `stop` and exit when the harness closes stdin. */
export function serveUntilStdinCloses(info: unknown, stop: () => Promise<void>): void {
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
