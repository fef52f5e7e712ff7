// s3rver in its own process for the publish benchmark: node --import tsx s3rver-child.ts <dir> <bucket>
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { posix } from "node:path";
import { serveUntilStdinCloses } from "../lib/server-child.js";

/**
 * s3rver 3.7 lists a bucket by walking its folders in readdir (name) order, but pages with
 * "skip every key <= the last one": real S3's lexicographic order. The two differ wherever one
 * key continues with "-" and another with "/" ("templates/scan-nilearn-gpu/…" sorts before
 * "templates/scan-nilearn/…" as a key, after it as a folder), so a listing of more than 1,000
 * objects silently drops keys at page boundaries. The publisher would then re-upload them as
 * "new" and the benchmark would count s3rver's bug as publish cost. This walk yields files in
 * key order (siblings sorted by "name/" for folders and by key for files), as S3 lists them.
 * It must replace the export before s3rver's filesystem store is loaded, which binds it once.
 */
function* walkInKeyOrder(dir: string, recurseFilter?: (path: string) => boolean): Generator<string> {
  const entries = readdirSync(dir).map((name) => {
    const path = posix.join(dir, name);
    const isDir = statSync(path).isDirectory();
    return { path, isDir, sortKey: isDir ? `${name}/` : name.replace(/\._S3rver_.*$/, "") };
  });
  entries.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.path < b.path ? -1 : 1));
  for (const e of entries) {
    if (!e.isDir) yield e.path;
    else if (!recurseFilter || recurseFilter(e.path)) yield* walkInKeyOrder(e.path, recurseFilter);
  }
}

const utils = createRequire(import.meta.url)("s3rver/lib/utils") as { walk: typeof walkInKeyOrder };
utils.walk = walkInKeyOrder;
const { startS3rver } = await import("../../apps/local/emulators.js");

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error("usage: s3rver-child.ts <dir> <bucket>");
const s3 = await startS3rver({ directory, buckets: [bucket] });
serveUntilStdinCloses({ endpoint: s3.endpoint }, () => s3.close());
