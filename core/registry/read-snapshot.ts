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
export async function readSnapshot(dir: string, displayRoot: string, options: SnapshotOptions = {}): Promise<RegistrySnapshot> {
  const entries: RegistryEntry[] = [];
  walk(dir, displayRoot, entries, options.lazy ? 0 : -1);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: displayRoot, entries };
}

export interface SnapshotOptions {
  /**
   * Files inside template folders get `read` instead of `bytes`, so a validator holds one
   * template's files at a time (at 50,000 templates, all of them at once was 2.5 GB). Registry
   * root files are still read at once: an unreadable one must also count as missing.
   */
  lazy?: boolean;
}

// depth: folder depth below the registry when lazy (files at depth 2 and more are template files), -1 when eager.
function walk(dir: string, shown: string, out: RegistryEntry[], depth: number): void {
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
      walk(full, path, out, depth < 0 ? depth : depth + 1);
    } else if (!stat.isFile()) out.push({ path, kind: "other", size: stat.size });
    else out.push(readEntry(full, path, stat.size, depth >= 2));
  }
}

function readEntry(full: string, path: string, size: number, lazy: boolean): RegistryEntry {
  const readable = /\.(?:json|md)$/i.test(path) && size <= Math.max(LIMITS.templateJson, LIMITS.docs);
  if (!readable) return { path, kind: "file", size };
  if (lazy) return { path, kind: "file", size, read: () => readFileSync(full) };
  try {
    return { path, kind: "file", size, bytes: new Uint8Array(readFileSync(full)) };
  } catch (error) {
    return { path, kind: "file", size, error: (error as Error).message };
  }
}
