import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { countBySeverity } from "../diagnostics/diagnostic.js";
import { formatText } from "../diagnostics/format-text.js";
import { CwsError, EXIT } from "../errors.js";
import { findRepoRoot } from "../registry/find-root.js";
import type { Categories, Featured } from "../types/generated.js";
import { validateRegistryDir } from "../validate/validate-dir.js";
import type { BuildInput } from "./inputs.js";
import { readAmiState } from "./read-ami-state.js";
import { readHistory } from "./read-history.js";
import { readCommunityData } from "./read-stats.js";
import { readVersionSources } from "./read-versions.js";

export interface ReadInputsOptions {
  registry: string;
  /** Community stats store; undefined means not configured, so every stat is zero. */
  dynamo?: DynamoDBClient;
  tablePrefix?: string;
  /** AMI state file path or s3:// URL. */
  amiState?: string;
  s3?: S3Client;
  /** SOURCE_DATE_EPOCH, when set. */
  sourceDateEpoch?: string;
}

/**
 * IO edge of the build: validates the registry (a build never publishes what CI would reject)
 * and gathers docs, screenshots, git history, community data and AMI state.
 */
export async function readBuildInputs(options: ReadInputsOptions): Promise<BuildInput & { repoShallow: boolean }> {
  const report = await validateRegistryDir(options.registry);
  if (countBySeverity(report.diagnostics).error > 0) {
    throw new CwsError(
      "CWS-BUILD-INVALID",
      `the registry has errors:\n${formatText(report, { color: false }).trimEnd()}`,
      "fix them (npm run validate) before building",
      EXIT.invalid,
    );
  }
  const templatesDir = join(options.registry, "templates");
  const docs = new Map<string, string>();
  const screenshots = new Map<string, Map<string, Uint8Array>>();
  for (const t of report.valid) {
    docs.set(t.template_id, readFileSync(join(templatesDir, t.template_id, "README.md"), "utf8"));
    const shotsDir = join(templatesDir, t.template_id, "screenshots");
    if (existsSync(shotsDir)) {
      const files = new Map<string, Uint8Array>();
      for (const name of readdirSync(shotsDir).sort()) files.set(name, new Uint8Array(readFileSync(join(shotsDir, name))));
      screenshots.set(t.template_id, files);
    }
  }
  const root = await findRepoRoot(options.registry);
  const templatesPath = root?.relative ? `${root.relative}/templates` : "templates";
  const repo = root ? await readHistory(root.repo, templatesPath) : { history: new Map(), shallow: false };
  const versionSources = root ? await readVersionSources(root.repo, templatesPath) : new Map();
  const community = options.dynamo ? await readCommunityData(options.dynamo, options.tablePrefix) : { stats: new Map(), reviews: new Map() };
  const generatedAt = options.sourceDateEpoch ? isoFromEpoch(options.sourceDateEpoch) : (("headTime" in repo ? repo.headTime : undefined) ?? isoNow());
  return {
    templates: report.valid,
    docs,
    screenshots,
    history: repo.history,
    versionSources,
    stats: community.stats,
    reviews: community.reviews,
    amiState: await readAmiState(options.amiState, options.s3),
    categories: JSON.parse(readFileSync(join(options.registry, "categories.json"), "utf8")) as Categories,
    featured: JSON.parse(readFileSync(join(options.registry, "featured.json"), "utf8")) as Featured,
    generatedAt,
    repoShallow: repo.shallow,
  };
}

export function isoFromEpoch(epoch: string): string {
  const seconds = Number(epoch);
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new CwsError(
      "USAGE",
      `SOURCE_DATE_EPOCH must be whole seconds, not "${epoch}"`,
      "unset it, or set it to e.g. $(git log -1 --format=%ct)",
      EXIT.usage,
    );
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
