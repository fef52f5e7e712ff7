import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import type { RegistryEntry, RegistrySnapshot } from "../../core/registry/snapshot.js";

export const CORPUS = new URL("../corpus/", import.meta.url).pathname;
const BASE = join(CORPUS, "base");

/**
 * A corpus case is a folder holding `registry/` (files laid over the base registry in
 * tests/corpus/base), an optional `remove.txt` (base paths to drop, one per line) and
 * `expected.txt` (the exact diagnostics, one `file:line:col CODE pointer` per line).
 */
export function caseSnapshot(caseDir: string): RegistrySnapshot {
  const files = new Map<string, Uint8Array>();
  collect(BASE, files);
  collect(join(caseDir, "registry"), files);
  const removeFile = join(caseDir, "remove.txt");
  if (existsSync(removeFile)) {
    for (const line of readFileSync(removeFile, "utf8").split("\n").filter(Boolean)) files.delete(line.trim());
  }
  return snapshotOf(files);
}

/** Builds a snapshot from in-memory files, adding the folder entries a disk walk would produce. */
export function snapshotOf(files: Map<string, Uint8Array>, root = "registry"): RegistrySnapshot {
  const entries: RegistryEntry[] = [];
  const dirs = new Set<string>();
  for (const [path, bytes] of files) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    const readable = /\.(?:json|md)$/.test(path) && bytes.length <= 1024 * 1024;
    entries.push({ path: `${root}/${path}`, kind: "file", size: bytes.length, ...(readable ? { bytes } : {}) });
  }
  for (const dir of dirs) entries.push({ path: `${root}/${dir}`, kind: "directory", size: 0 });
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { root, entries };
}

function collect(dir: string, out: Map<string, Uint8Array>, top = dir): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out, top);
    else out.set(relative(top, full).split(sep).join("/"), new Uint8Array(readFileSync(full)));
  }
}

export function expectedLines(caseDir: string): string[] {
  return readFileSync(join(caseDir, "expected.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .sort();
}

export function actualLines(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.pointer}`.trim()).sort();
}

export function corpusCases(kind: "invalid" | "valid"): string[] {
  const dir = join(CORPUS, kind);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
