import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import { failure, runNode } from "./child.js";
import type { BenchContext } from "./context.js";

/** Hash-prefixed copies (`<sha256>.name`) duplicate the plain files for TUF consistent snapshots. */
export const HASHED = /(^|\/)[0-9a-f]{64}\.[^/]+$/;

/** `npm run build -- --no-site` (or with the site) of `registry` into `out`, signed at `epoch`. */
export function buildArgs(bench: BenchContext, registry: string, out: string, site: boolean): string[] {
  return ["--import", "tsx", "scripts/build.ts", "--registry", registry, "--out", out, "--keys-dir", bench.keysDir, ...(site ? [] : ["--no-site"])];
}

/**
 * Builds a tree once, unmeasured (no site), and returns what the build printed. By default it is
 * signed at SOURCE_DATE_EPOCH = bench.epoch like the measured builds; `{ clock: true }` signs at
 * the current time instead, as CI does, which is also the only way the build reads the previous
 * metadata in `out` and keeps unchanged hash bins.
 */
export async function buildOnce(bench: BenchContext, registry: string, out: string, options: { clock?: boolean } = {}): Promise<string> {
  const env: Record<string, string> = options.clock ? {} : { SOURCE_DATE_EPOCH: String(bench.epoch) };
  const child = bench.child("build-once", env);
  // The harness may itself run under SOURCE_DATE_EPOCH; a clock-signed build must not inherit it.
  const run = await runNode(buildArgs(bench, registry, out, false), { ...child, nodeFlags: [], unsetEnv: options.clock ? ["SOURCE_DATE_EPOCH"] : [] });
  if (run.code !== 0) throw failure("build", run);
  return run.stdout;
}

/** Every file under dir, as POSIX paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

export interface FileGroupSize {
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * Raw, gzip (level 9) and brotli (quality 11) sizes of a group of plain (not hash-prefixed)
 * files, each compressed on its own as a CDN would serve it, then summed.
 */
export function groupSize(dir: string, files: readonly string[]): FileGroupSize {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length;
  }
  return { files: [...files], raw, gzip, brotli };
}

/** Files and bytes of a whole tree. */
export function treeTotals(dir: string): { files: number; bytes: number } {
  const files = listFiles(dir);
  return { files: files.length, bytes: files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) };
}
