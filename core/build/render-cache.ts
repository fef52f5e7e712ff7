import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TemplateSummary } from "../types/generated.js";
import { digestOf, rememberDigest } from "./manifest.js";

/**
 * The last build's rendered template outputs, so the next build reuses those whose inputs did not
 * change (template-key.ts) instead of rendering, checking and hashing them again. It lives in the
 * output folder beside the manifest (nothing under `_publish/` is served) as 256 pack files, each
 * a JSON header line then the files' bytes, so reading it is a few hundred reads whatever the
 * registry size, and a one-template change rewrites one pack. A pack that is unreadable, from
 * another build code version or damaged is ignored: the templates in it are rendered again.
 */
export const RENDER_CACHE_DIR = "_publish/cache";
const FORMAT = 1;

export interface CachedTemplate {
  key: string;
  /** The build time the output was rendered at, when rendering read it (TemplateOutput.usedGeneratedAt). */
  generatedAt?: string;
  summary: TemplateSummary;
  files: [path: string, bytes: Uint8Array][];
}

interface PackHeader {
  format: number;
  code: string;
  templates: { id: string; key: string; generatedAt?: string; summary: TemplateSummary; files: [string, number, string, string][] }[];
}

export interface RenderCache {
  code: string;
  templates: Map<string, CachedTemplate>;
  /** Pack name → a signature of what it held when read, to rewrite only packs that changed. */
  packs: Map<string, string>;
}

export function readRenderCache(out: string, code: string): RenderCache {
  const dir = join(out, RENDER_CACHE_DIR);
  const cache: RenderCache = { code, templates: new Map(), packs: new Map() };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".pack"));
  } catch {
    return cache;
  }
  for (const name of names) {
    const entries = readPack(join(dir, name), code);
    if (!entries) continue;
    for (const [id, entry] of entries) cache.templates.set(id, entry);
    cache.packs.set(name, signature(entries));
  }
  return cache;
}

/** The cached output of a template, if it was rendered from the same inputs (and build time, if it read it). */
export function cachedOutput(cache: RenderCache | undefined, id: string, key: string, generatedAt: string): CachedTemplate | undefined {
  const entry = cache?.templates.get(id);
  if (!entry || entry.key !== key) return undefined;
  return entry.generatedAt === undefined || entry.generatedAt === generatedAt ? entry : undefined;
}

/**
 * Writes the packs whose templates changed since `previous` was read (all of them after a full
 * tree write, which replaced the folder), each through a temporary name, and removes packs left empty.
 */
export function writeRenderCache(
  out: string,
  code: string,
  templates: ReadonlyMap<string, CachedTemplate>,
  previous: RenderCache | undefined,
  all: boolean,
): number {
  const dir = join(out, RENDER_CACHE_DIR);
  mkdirSync(dir, { recursive: true });
  const byPack = new Map<string, Map<string, CachedTemplate>>();
  for (const [id, entry] of templates) {
    const name = packOf(id);
    const pack = byPack.get(name) ?? new Map<string, CachedTemplate>();
    pack.set(id, entry);
    byPack.set(name, pack);
  }
  const same = !all && previous?.code === code ? previous.packs : new Map<string, string>();
  let written = 0;
  for (const [name, entries] of byPack) {
    if (same.get(name) === signature(entries)) continue;
    writePack(join(dir, name), code, entries);
    written++;
  }
  for (const name of previous?.packs.keys() ?? []) if (!byPack.has(name)) rmSync(join(dir, name), { force: true });
  return written;
}

function packOf(id: string): string {
  return `${createHash("sha256").update(id).digest("hex").slice(0, 2)}.pack`;
}

function signature(entries: ReadonlyMap<string, CachedTemplate>): string {
  return [...entries]
    .map(([id, e]) => `${id} ${e.key} ${e.generatedAt ?? ""}`)
    .sort()
    .join("\n");
}

function writePack(file: string, code: string, entries: ReadonlyMap<string, CachedTemplate>): void {
  const blobs: Uint8Array[] = [];
  const header: PackHeader = { format: FORMAT, code, templates: [] };
  for (const [id, e] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const files: [string, number, string, string][] = [];
    for (const [path, bytes] of e.files) {
      const digest = digestOf(bytes);
      files.push([path, bytes.length, digest.sha256, digest.md5]);
      blobs.push(bytes);
    }
    header.templates.push({ id, key: e.key, ...(e.generatedAt !== undefined ? { generatedAt: e.generatedAt } : {}), summary: e.summary, files });
  }
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), ...blobs]));
  renameSync(temp, file);
}

function readPack(file: string, code: string): Map<string, CachedTemplate> | undefined {
  try {
    const data = readFileSync(file);
    const newline = data.indexOf(10);
    if (newline < 0) return undefined;
    const header = JSON.parse(data.subarray(0, newline).toString("utf8")) as PackHeader;
    if (header.format !== FORMAT || header.code !== code || !Array.isArray(header.templates)) return undefined;
    const out = new Map<string, CachedTemplate>();
    let offset = newline + 1;
    for (const t of header.templates) {
      const files: [string, Uint8Array][] = [];
      for (const [path, length, sha256, md5] of t.files) {
        const bytes = new Uint8Array(data.buffer, data.byteOffset + offset, length);
        offset += length;
        rememberDigest(bytes, { sha256, md5 });
        files.push([path, bytes]);
      }
      out.set(t.id, { key: t.key, ...(t.generatedAt !== undefined ? { generatedAt: t.generatedAt } : {}), summary: t.summary, files });
    }
    // A truncated or padded pack is not the one this header describes.
    return offset === data.length ? out : undefined;
  } catch {
    return undefined;
  }
}
