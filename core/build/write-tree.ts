import { existsSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Writes a tree to `out` by building it beside it and swapping folders, so a reader (npm start's
 * server, a publish) never sees a half-written tree and stale files from older builds vanish.
 *
 * A catalog of 10,000 templates is about 90,000 small files, most of them written twice (a TUF
 * target and its hash-prefixed copy, a record and its static API copy). Entries that share one
 * byte array are hard links to one file, and each folder is created once: together this makes
 * writing several times faster than a plain write per file.
 */
export function writeTree(out: string, files: ReadonlyMap<string, Uint8Array>): void {
  const target = resolve(out);
  const staging = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const folders = new Set<string>([staging]);
  const written = new Map<Uint8Array, string>();
  for (const [path, bytes] of files) {
    if (path.split("/").some((part) => part === ".." || part === "." || part === "")) throw new Error(`refusing to write outside the tree: ${path}`);
    const file = join(staging, path);
    const folder = dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    const twin = written.get(bytes);
    if (twin !== undefined) {
      linkSync(twin, file);
      continue;
    }
    writeFileSync(file, bytes);
    written.set(bytes, file);
  }
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
}
