import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { LIMITS, type RegistryEntry, type RegistrySnapshot } from "./snapshot.js";

/**
 * Reads a registry folder into a snapshot without following symlinks. Files over their size
 * limit are listed but not read, so a huge file costs a stat, not memory.
 * `displayRoot` is how paths are shown, normally the folder's path from the repository root.
 *
 * Synchronous inside: a registry is tens of thousands of small files, and awaiting each stat and
 * read in turn left a 10,000-template validation waiting on the event loop for most of its time.
 */
export async function readSnapshot(dir: string, displayRoot: string): Promise<RegistrySnapshot> {
  const entries: RegistryEntry[] = [];
  walk(dir, displayRoot, entries);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: displayRoot, entries };
}

function walk(dir: string, shown: string, out: RegistryEntry[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    out.push({ path: shown, kind: "directory", size: 0, error: (error as Error).message });
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    const path = posix.join(shown, name);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) out.push({ path, kind: "symlink", size: stat.size });
    else if (stat.isDirectory()) {
      out.push({ path, kind: "directory", size: 0 });
      walk(full, path, out);
    } else if (!stat.isFile()) out.push({ path, kind: "other", size: stat.size });
    else out.push(readEntry(full, path, stat.size));
  }
}

function readEntry(full: string, path: string, size: number): RegistryEntry {
  const readable = /\.(?:json|md)$/i.test(path) && size <= Math.max(LIMITS.templateJson, LIMITS.docs);
  if (!readable) return { path, kind: "file", size };
  try {
    return { path, kind: "file", size, bytes: new Uint8Array(readFileSync(full)) };
  } catch (error) {
    return { path, kind: "file", size, error: (error as Error).message };
  }
}
