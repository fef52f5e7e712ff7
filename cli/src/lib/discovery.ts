import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface MarketplacePaths {
  metadata: string;
  targets: string;
  /** True when the paths came from a cached copy rather than the marketplace just now. */
  cached?: boolean;
}

const MAX_AGE_MS = 24 * 3_600_000;
const FALLBACK: MarketplacePaths = { metadata: "metadata/", targets: "./" };

/**
 * Where metadata and targets live, from /.well-known/cws-marketplace.json, so a marketplace can
 * be hosted under any prefix. Only paths come from it, and every file they lead to is verified.
 * A copy younger than a day is reused (unless `fresh`), which saves a round trip per command.
 */
export async function discoverPaths(
  registryUrl: string,
  cacheDir: string,
  fresh: boolean,
  get: (url: string, maxBytes: number) => Promise<string>,
): Promise<MarketplacePaths> {
  const cached = join(cacheDir, "discovery.json");
  try {
    if (!fresh && Date.now() - statSync(cached).mtimeMs < MAX_AGE_MS) return { ...readCached(cached), cached: true };
  } catch {
    // No usable copy: ask the marketplace.
  }
  try {
    const doc = JSON.parse(await get(`${registryUrl}/.well-known/cws-marketplace.json`, 64 * 1024)) as { metadata?: unknown; targets?: unknown };
    if (typeof doc.metadata !== "string" || typeof doc.targets !== "string") return FALLBACK;
    // Relative to the registry URL, so a "/" in the document cannot point at another host.
    const paths = { metadata: doc.metadata.replace(/^\/+/, ""), targets: doc.targets.replace(/^\/+/, "") || "./" };
    writeFileSync(cached, JSON.stringify(paths));
    return paths;
  } catch {
    try {
      return readCached(cached);
    } catch {
      return FALLBACK;
    }
  }
}

function readCached(path: string): MarketplacePaths {
  const doc = JSON.parse(readFileSync(path, "utf8")) as { metadata?: unknown; targets?: unknown };
  if (typeof doc.metadata !== "string" || typeof doc.targets !== "string") throw new Error("bad cached discovery");
  return { metadata: doc.metadata, targets: doc.targets };
}
