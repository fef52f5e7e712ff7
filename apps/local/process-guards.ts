import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { CwsError, EXIT } from "../../core/errors.js";

/**
 * Refuses a port something already listens on, before anything is built, so `npm start` says
 * so at once instead of failing after the build. Port 0 (any free port) is always fine.
 */
export async function assertPortFree(port: number, host = "127.0.0.1"): Promise<void> {
  if (port === 0) return;
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
  if (!free)
    throw new CwsError("PORT_IN_USE", `port ${port} is in use; set PORT`, `for example: PORT=4322 npm start (or --port 0 for any free port)`, EXIT.usage);
}

/**
 * Calls `gone` once any of this process's first `levels` ancestors exits. `npm start` runs
 * npm → sh → tsx → this script, and a SIGTERM to npm kills npm and sh but not tsx, so the server
 * would outlive the command the user killed. Returns a function that stops watching.
 */
export function onAncestorExit(levels: number, gone: () => void, everyMs = 500): () => void {
  const ancestors: number[] = [];
  let pid = process.ppid;
  while (ancestors.length < levels && pid > 1) {
    ancestors.push(pid);
    pid = parentOf(pid) ?? 0;
  }
  const timer = setInterval(() => {
    if (ancestors.some((p) => !alive(p))) {
      clearInterval(timer);
      gone();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function parentOf(pid: number): number | undefined {
  try {
    const out = execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const parent = Number(out.trim());
    return Number.isInteger(parent) && parent > 0 ? parent : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
