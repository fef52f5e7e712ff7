import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const STALE_MS = 10 * 60_000;
const POLL_MS = 100;

/**
 * Runs `fn` while holding a lock shared by every process building the same site folder. Astro
 * rewrites files under site/.astro/ on each build, so two builds at once (parallel test
 * workers, two terminals) could read each other's half-written files. A lock whose holder has
 * died, or that is older than any real build, is taken over.
 */
export async function withSiteLock<T>(siteRoot: string, fn: () => Promise<T>): Promise<T> {
  const dir = join(tmpdir(), `cws-site-${createHash("sha256").update(siteRoot).digest("hex").slice(0, 16)}.lock`);
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (isStale(dir)) rmSync(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    writeFileSync(join(dir, "pid"), String(process.pid));
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isStale(dir: string): boolean {
  try {
    if (Date.now() - statSync(dir).mtimeMs > STALE_MS) return true;
    const pid = Number(readFileSync(join(dir, "pid"), "utf8"));
    if (!pid) return false; // just created; the pid file follows
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: the holder is gone. ENOENT: the lock vanished or has no pid yet; retry either way.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
