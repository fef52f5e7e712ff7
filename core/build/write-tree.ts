import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { classifyKey } from "../deploy/classify.js";
import { type BuildManifest, MANIFEST_PATH, manifestFor, parseManifest, serializeManifest } from "./manifest.js";

export interface WriteResult {
  manifest: BuildManifest;
  /** "full": a fresh tree swapped in; "incremental": only changed files rewritten in place. */
  mode: "full" | "incremental";
  /** Files whose bytes were written (or linked) by this build. */
  written: number;
  /** Files the previous build's manifest already had with the same sha256: left untouched. */
  kept: number;
  /** Files of the previous build that left the tree. */
  removed: number;
}

/**
 * Writes a tree to `out` with its build manifest (MANIFEST_PATH).
 *
 * When `out` holds a previous build's manifest, only files whose sha256 differs are rewritten,
 * each through a temporary name and a rename, in publish order (hashed targets, versioned
 * metadata, snapshot, plain paths, timestamp.json last), so a reader of the folder (npm start,
 * a TUF client of the local CDN) sees the old release until the new timestamp appears. The old
 * manifest is removed first and the new one written last: a build killed half-way leaves no
 * manifest, and the next build writes the whole tree again.
 *
 * Otherwise the tree is built beside `out` and swapped in. Entries that share one byte array
 * (a target and its hash-prefixed copy) are hard links to one file, and each folder is created once.
 */
export function writeTree(out: string, files: ReadonlyMap<string, Uint8Array>): WriteResult {
  for (const path of files.keys()) {
    if (path.split("/").some((part) => part === ".." || part === "." || part === "")) throw new Error(`refusing to write outside the tree: ${path}`);
  }
  const manifest = manifestFor(files);
  const target = resolve(out);
  const previous = readPreviousManifest(target);
  if (!previous) {
    writeFull(target, files, manifest);
    return { manifest, mode: "full", written: files.size, kept: 0, removed: 0 };
  }
  return { manifest, mode: "incremental", ...writeIncremental(target, files, manifest, previous) };
}

function readPreviousManifest(target: string): BuildManifest | undefined {
  const file = join(target, MANIFEST_PATH);
  if (!existsSync(file)) return undefined;
  try {
    return parseManifest(readFileSync(file, "utf8"), file);
  } catch {
    // A damaged manifest only costs the optimisation: the tree is written in full.
    return undefined;
  }
}

function writeFull(target: string, files: ReadonlyMap<string, Uint8Array>, manifest: BuildManifest): void {
  const staging = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const folders = new Set<string>([staging]);
  const written = new Map<Uint8Array, string>();
  for (const [path, bytes] of files) {
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
  mkdirSync(dirname(join(staging, MANIFEST_PATH)), { recursive: true });
  writeFileSync(join(staging, MANIFEST_PATH), serializeManifest(manifest));
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
}

function writeIncremental(target: string, files: ReadonlyMap<string, Uint8Array>, manifest: BuildManifest, previous: BuildManifest) {
  unlinkSync(join(target, MANIFEST_PATH));
  const changed = [...files.keys()].filter((path) => previous.files.get(path)?.sha256 !== manifest.files.get(path)?.sha256);
  changed.sort((a, b) => classifyKey(a).tier - classifyKey(b).tier || (a < b ? -1 : 1));
  const folders = new Set<string>();
  const written = new Map<Uint8Array, string>();
  const temp = `.tmp-${process.pid}`;
  for (const path of changed) {
    const bytes = files.get(path) as Uint8Array;
    const file = join(target, path);
    const folder = dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    const twin = written.get(bytes);
    if (twin !== undefined) {
      rmSync(file + temp, { force: true });
      linkSync(twin, file + temp);
    } else {
      writeFileSync(file + temp, bytes);
    }
    renameSync(file + temp, file);
    written.set(bytes, file);
  }
  // Old hashed copies and metadata versions go only after the new timestamp is in place.
  const gone = [...previous.files.keys()].filter((path) => !files.has(path));
  for (const path of gone) {
    rmSync(join(target, path), { force: true });
    removeEmptyFolders(target, dirname(path));
  }
  writeFileSync(join(target, MANIFEST_PATH), serializeManifest(manifest));
  return { written: changed.length, kept: files.size - changed.length, removed: gone.length };
}

function removeEmptyFolders(target: string, folder: string): void {
  for (let dir = folder; dir !== "." && dir !== ""; dir = dirname(dir)) {
    try {
      rmdirSync(join(target, dir));
    } catch {
      return; // not empty (or already gone)
    }
  }
}
