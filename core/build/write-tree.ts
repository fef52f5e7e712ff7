import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Writes a tree to `out` by building it beside it and swapping folders, so a reader (npm start's
 * server, a publish) never sees a half-written tree and stale files from older builds vanish.
 */
export function writeTree(out: string, files: ReadonlyMap<string, Uint8Array>): void {
  const target = resolve(out);
  const staging = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const [path, bytes] of files) {
    if (path.split("/").some((part) => part === ".." || part === "")) throw new Error(`refusing to write outside the tree: ${path}`);
    const file = join(staging, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  mkdirSync(staging, { recursive: true });
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
}
