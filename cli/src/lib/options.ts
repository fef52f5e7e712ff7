import type { Argv } from "yargs";
import type { Order } from "../../../core/spec/ranking.js";
import { type CliConfig, loadConfig } from "./config.js";
import { Marketplace } from "./marketplace.js";
import { createOutput, type Output } from "./output.js";
import type { Filters } from "./query.js";
import { SORT_KEYS } from "./query.js";

export interface CommonArgs {
  registryUrl?: string;
  trustedRoot?: string;
  json: boolean;
  color: boolean;
  refresh?: boolean;
}

/** Options every read command takes: where the marketplace is, and how to print. */
export function withCommon<T>(y: Argv<T>) {
  return y
    .option("registry-url", { type: "string", describe: "marketplace base URL (default: CWS_MARKETPLACE_URL, the config file, or the local npm start URL)" })
    .option("trusted-root", { type: "string", describe: "trusted TUF root.json for that marketplace (default: CWS_MARKETPLACE_ROOT or the config file)" })
    .option("refresh", { type: "boolean", default: false, describe: "ask the marketplace for new data now, even if the last check is recent" })
    .option("json", { type: "boolean", default: false, describe: "print machine-readable JSON" });
}

export function withFilters<T>(y: Argv<T>) {
  return y
    .option("category", { type: "string", describe: "only this category id" })
    .option("tag", { type: "string", array: true, describe: "only templates with this tag (repeatable)" })
    .option("architecture", { type: "string", choices: ["x86_64", "arm64"], describe: "only this architecture" })
    .option("region", { type: "string", describe: "only templates available in this AWS region" })
    .option("author", { type: "string", describe: "only this author" })
    .option("min-rating", { type: "number", describe: "minimum mean rating (1-5)" })
    .option("include-archived", { type: "boolean", default: false, describe: "also show archived templates" })
    .option("limit", { type: "number", default: 20, describe: "show at most this many" });
}

export function withSort<T>(y: Argv<T>, fallback: Order) {
  return y.option("sort", { choices: SORT_KEYS as Order[], default: fallback, describe: "sort order" });
}

export function filtersOf(argv: Record<string, unknown>): Filters {
  return {
    category: argv.category as string | undefined,
    tag: argv.tag as string[] | undefined,
    architecture: argv.architecture as string | undefined,
    region: argv.region as string | undefined,
    author: argv.author as string | undefined,
    minRating: argv.minRating as number | undefined,
    includeArchived: argv.includeArchived as boolean | undefined,
  };
}

/** Opens the configured marketplace(s) and prints offline warnings. */
export async function openMarketplace(argv: CommonArgs & Record<string, unknown>): Promise<{ market: Marketplace; out: Output; config: CliConfig }> {
  const out = createOutput({ json: argv.json, noColor: argv.color === false });
  const config = loadConfig({ registryUrl: argv.registryUrl, trustedRoot: argv.trustedRoot });
  const market = await Marketplace.open(config, { refresh: argv.refresh ?? false });
  for (const w of market.warnings()) out.warn(w);
  return { market, out, config };
}
