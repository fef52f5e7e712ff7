import { lstat, readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { LIMITS, type RegistryEntry, type RegistrySnapshot } from "./snapshot.js";

/**
 * Reads a registry folder into a snapshot without following symlinks. Files over their size
 * limit are listed but not read, so a huge file costs a stat, not memory.
 * `displayRoot` is how paths are shown, normally the folder's path from the repository root.
 */
export async function readSnapshot(dir: string, displayRoot: string): Promise<RegistrySnapshot> {
  const entries: RegistryEntry[] = [];
  await walk(dir, displayRoot, entries);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: displayRoot, entries };
}

async function walk(dir: string, shown: string, out: RegistryEntry[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    out.push({ path: shown, kind: "directory", size: 0, error: (error as Error).message });
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    const path = posix.join(shown, name);
    const stat = await lstat(full);
    if (stat.isSymbolicLink()) out.push({ path, kind: "symlink", size: stat.size });
    else if (stat.isDirectory()) {
      out.push({ path, kind: "directory", size: 0 });
      await walk(full, path, out);
    } else if (!stat.isFile()) out.push({ path, kind: "other", size: stat.size });
    else out.push(await readEntry(full, path, stat.size));
  }
}

async function readEntry(full: string, path: string, size: number): Promise<RegistryEntry> {
  const readable = /\.(?:json|md)$/i.test(path) && size <= Math.max(LIMITS.templateJson, LIMITS.docs);
  if (!readable) return { path, kind: "file", size };
  try {
    return { path, kind: "file", size, bytes: new Uint8Array(await readFile(full)) };
  } catch (error) {
    return { path, kind: "file", size, error: (error as Error).message };
  }
}
