import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { renderSite } from "../site/render-site.js";
import { epochSeconds, expiryDaysFromEnv } from "../tuf/expiry.js";
import { type Env, loadSigningKeys } from "../tuf/key-source.js";
import { collectPublishedMetadata, type PublishedMetadata } from "../tuf/published-metadata.js";
import { signRelease } from "../tuf/sign-tree.js";
import { buildTree } from "./build-tree.js";
import { buildCodeVersion } from "./code-version.js";
import { readBuildInputs } from "./read-inputs.js";
import { readRenderCache, writeRenderCache } from "./render-cache.js";
import { writeTree } from "./write-tree.js";

export interface RunBuildOptions {
  registry: string;
  out: string;
  env: Env;
  /** Where local dev signing keys live when no CWS_TUF_* variable is set. */
  devKeysDir: string;
  dynamo?: DynamoDBClient;
  tablePrefix?: string;
  amiState?: string;
  s3?: S3Client;
  includeNonPublic?: boolean;
  /** Render the Astro catalog site into the tree (default true). */
  site?: boolean;
  /** Where the site keeps rendered READMEs between builds (default: siteCacheDir(out)); false for none. */
  siteCache?: string | false;
  /** Discovery's `browser_identity` (core/build/build-tree.ts): "dev-header" for npm start only. */
  browserIdentity?: "dev-header";
  now?: Date;
  /** The build code version reused outputs must match (default: buildCodeVersion(), a hash of core/ and schemas/). */
  codeVersion?: string;
}

export interface BuildSummary {
  out: string;
  templates: number;
  targets: number;
  sitePages: number;
  files: number;
  bytes: number;
  metadataVersion: number;
  rootPath: string;
  keySource: "env" | "dev";
  shallow: boolean;
  /** How the targets were split between targets.json and hash bins, and how many bins were kept. */
  delegation: { topLevelTargets: number; bitLength: number; bins: number; reusedBins: number };
  /** Previous metadata that could not be reused (never fatal). */
  warnings: string[];
  /** How the tree was written: in full, or only the files whose bytes changed (see writeTree). */
  write: { mode: "full" | "incremental"; written: number; kept: number; removed: number };
  /** Templates rendered by this build; the others reused the last build's output (render-cache.ts). */
  rendered: number;
}

/**
 * npm run build as a function: read inputs, build the tree, sign it, write it atomically.
 * Metadata versions follow the signing time, so every publish is newer than the last; with
 * SOURCE_DATE_EPOCH set, the signed metadata is reproducible too.
 */
export async function runBuild(options: RunBuildOptions): Promise<BuildSummary> {
  const sourceDateEpoch = options.env.SOURCE_DATE_EPOCH;
  const input = await readBuildInputs({
    registry: options.registry,
    ...(options.dynamo ? { dynamo: options.dynamo } : {}),
    ...(options.tablePrefix ? { tablePrefix: options.tablePrefix } : {}),
    ...(options.amiState ? { amiState: options.amiState } : {}),
    ...(options.s3 ? { s3: options.s3 } : {}),
    ...(sourceDateEpoch ? { sourceDateEpoch } : {}),
  });
  // Outputs of templates whose inputs did not change come from the last build in options.out.
  const code = options.codeVersion ?? buildCodeVersion();
  const cache = readRenderCache(options.out, code);
  const tree = buildTree(input, {
    includeNonPublic: options.includeNonPublic ?? false,
    ...(options.browserIdentity ? { browserIdentity: options.browserIdentity } : {}),
    reuse: { cache, code },
  });
  // Site pages are targets too, signed with the data they were rendered from.
  const site =
    options.site === false
      ? new Map<string, Uint8Array>()
      : await renderSite(tree.files, {
          ...(options.env.CWS_SITE_URL ? { siteUrl: options.env.CWS_SITE_URL } : {}),
          ...(options.siteCache !== false ? { readmeCacheDir: options.siteCache ?? siteCacheDir(options.out) } : {}),
        });
  const targets = new Map([...tree.files, ...site]);
  const setup = await loadSigningKeys(options.env, options.devKeysDir);
  const signedAt = sourceDateEpoch ? new Date(Number(sourceDateEpoch) * 1000) : (options.now ?? new Date());
  const version = epochSeconds(signedAt);
  // The last build (or, in CI, what scripts/fetch-metadata.ts copied from the bucket).
  const previous = await collectPublishedMetadata(readMetadataFrom(join(options.out, "metadata")));
  // With SOURCE_DATE_EPOCH the timestamp must not depend on the previous one (a rebuild at the
  // same epoch gives the same bytes), but unchanged bins are still kept: a kept bin is exactly
  // what signing would produce at its own version, so the output is a function of the sources
  // and the previous metadata. A previous release newer than the epoch is ignored, not a rollback.
  const reuse = sourceDateEpoch ? previousForEpoch(previous, version) : previous;
  const signed = signRelease({
    targets,
    root: setup.root,
    keys: setup.keys,
    version,
    signedAt,
    expiryDays: expiryDaysFromEnv(options.env),
    previousTimestamp: sourceDateEpoch ? undefined : reuse?.timestamp,
    previousSnapshot: reuse?.snapshot,
    previousBins: reuse?.bins,
  });
  const all = new Map([...targets, ...signed.files]);
  const written = writeTree(options.out, all);
  // After the tree: a full write replaced the folder, and with it every pack.
  writeRenderCache(options.out, code, tree.outputs ?? new Map(), cache, written.mode === "full");
  let bytes = 0;
  for (const b of all.values()) bytes += b.length;
  return {
    out: options.out,
    templates: tree.templates,
    targets: targets.size,
    sitePages: [...site.keys()].filter((k) => k.endsWith(".html")).length,
    files: all.size,
    bytes,
    metadataVersion: version,
    rootPath: setup.rootPath,
    keySource: setup.source,
    shallow: input.repoShallow,
    delegation: { topLevelTargets: signed.topLevelTargets, bitLength: signed.bitLength, bins: signed.bins, reusedBins: signed.reusedBins },
    warnings: signed.warnings,
    write: { mode: written.mode, written: written.written, kept: written.kept, removed: written.removed },
    rendered: tree.rendered ?? tree.templates,
  };
}

/**
 * The site's cache folder for a build into `out`: beside it (`dist` → `.dist.site-cache`), not
 * inside, so it is never published and survives the tree being swapped in whole.
 */
export function siteCacheDir(out: string): string {
  const target = resolve(out);
  return join(dirname(target), `.${basename(target)}.site-cache`);
}

function previousForEpoch(previous: PublishedMetadata, version: number): PublishedMetadata | undefined {
  if (!previous.snapshot) return undefined;
  try {
    const snapshotVersion = (JSON.parse(new TextDecoder().decode(previous.snapshot)) as { signed?: { version?: unknown } }).signed?.version;
    return typeof snapshotVersion === "number" && snapshotVersion <= version ? previous : undefined;
  } catch {
    return undefined;
  }
}

function readMetadataFrom(dir: string) {
  return async (name: string): Promise<Uint8Array | undefined> => {
    try {
      return new Uint8Array(await readFile(join(dir, name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  };
}
