import { existsSync, readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { type PublishingFileConfig, type PublishingSettings, resolveSettings } from "../../../../core/registry-changes/settings.js";
import type { Args } from "../command.js";
import { configPath } from "../config.js";
import { CLI_EXIT, cliError } from "../errors.js";
import { createOutput, type Output } from "../output.js";

// The options and settings every registry-changing command (publish, update, unpublish, fork,
// my-publications) shares.

export type Env = Readonly<Record<string, string | undefined>>;

/** Where to publish and as whom; every registry-changing command takes these. */
export function withPublishing<T>(y: Argv<T>) {
  return y
    .option("registry-repo", { type: "string", describe: "registry git URL (default: CWS_REGISTRY_REPO or registry_repo in the config file)" })
    .option("registry-branch", { type: "string", describe: "branch pull requests go to (default: CWS_REGISTRY_BRANCH, the config file, else main)" })
    .option("as", { type: "string", describe: "your handle (default: CWS_USER or user in the config file)" })
    .option("github-api-url", { type: "string", describe: "GitHub REST API base URL, for GitHub Enterprise (default: CWS_GITHUB_API_URL)" })
    .option("github-repo", { type: "string", describe: "owner/name to open the pull request in (default: from the registry URL)" })
    .option("json", { type: "boolean", default: false, describe: "print machine-readable JSON" });
}

export function withDryRun<T>(y: Argv<T>) {
  return y.option("dry-run", { type: "boolean", default: false, describe: "validate and show the diff; commit and push nothing" });
}

/** The publishing keys of $XDG_CONFIG_HOME/cws/marketplace.json (the file the read commands also use). */
export function readPublishingConfig(env: Env = process.env): PublishingFileConfig & { region?: string } {
  const path = configPath(env);
  if (!existsSync(path)) return {};
  try {
    const doc = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    const out: PublishingFileConfig & { region?: string } = {};
    for (const key of ["registry_repo", "registry_branch", "registry_path", "user", "github_api_url", "github_repo", "pull_requests_url", "region"] as const) {
      if (typeof doc[key] === "string") out[key] = doc[key];
    }
    return out;
  } catch (error) {
    throw cliError("CONFIG", `${path} is not valid JSON: ${(error as Error).message}`, "fix or delete the file", CLI_EXIT.usage);
  }
}

export function settingsFrom(argv: Args, env: Env = process.env): PublishingSettings {
  return resolveSettings(
    {
      registryRepo: argv.registryRepo as string | undefined,
      registryBranch: argv.registryBranch as string | undefined,
      as: argv.as as string | undefined,
      githubApiUrl: argv.githubApiUrl as string | undefined,
      githubRepo: argv.githubRepo as string | undefined,
    },
    env,
    readPublishingConfig(env),
  );
}

export function outputFor(argv: Args): Output {
  return createOutput({ json: argv.json === true, noColor: argv.color === false });
}
