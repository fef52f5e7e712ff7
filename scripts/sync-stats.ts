// npm run sync-stats: aggregates the community tables into the counters the build reads
// (core/community/sync-stats.ts); the build publishes the reviews pages from them.
import { parseArgs } from "node:util";
import { DYNAMO_OPTIONS, DYNAMO_USAGE, dynamoTarget } from "../core/community/script-options.js";
import { syncStats } from "../core/community/sync-stats.js";
import { EXIT } from "../core/errors.js";
import { bayesianRating, meanRating, successRate } from "../core/spec/ratings.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `Usage: npm run sync-stats -- [options]

Recomputes every community counter in DynamoDB community-templates from the source tables
(reviews, the usage event log, daily buckets): weighted rating sums and histogram over visible
reviews, downloads, launches, launch outcomes, forks and the 7/30-day trending windows. Days
that can no longer receive events are sealed into usage-daily buckets. Safe to re-run at any
time; run it before npm run build so the build publishes current stats.

Options:
${DYNAMO_USAGE}
  --json                     print the result as JSON
  -h, --help                 show this help`;

await runScript(USAGE, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...DYNAMO_OPTIONS,
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const target = dynamoTarget(values);
  try {
    const started = performance.now();
    const results = await syncStats({
      client: target.client,
      ...(target.tablePrefix ? { tablePrefix: target.tablePrefix } : {}),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = results.map((r) => {
      const s = r.stats;
      return [
        r.template_id.padEnd(32),
        `rating ${meanRating(s).toFixed(2)} (ranked ${bayesianRating(s).toFixed(2)}, ${s.reviews} reviews)`,
        `downloads ${s.downloads}`,
        `launches ${s.launches}${s.launch_successes + s.launch_failures > 0 ? ` (${Math.round(successRate(s) * 100)}% succeeded)` : ""}`,
        `trending ${s.trending_7d}/${s.trending_30d}`,
        ...(r.reviews_verified ? [`${r.reviews_verified} reviews newly verified`] : []),
      ].join("  ");
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    lines.push(`synced ${results.length} templates from ${target.where} in ${seconds} s`);
    lines.push(
      `next: npm run build -- ${target.where.startsWith("http") ? `--dynamodb-endpoint ${target.where}` : "--dynamodb"}${target.tablePrefix ? ` --table-prefix ${target.tablePrefix}` : ""}`,
    );
    process.stdout.write(`${lines.join("\n")}\n`);
    return EXIT.ok;
  } finally {
    target.client.destroy();
  }
});
