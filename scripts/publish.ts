// npm run publish -- --bucket B [--prefix P] [--endpoint URL] [--distribution-id D] [--dry-run]
//                    [--dir dist] [--grace-days 7] [--concurrency 8] [--dynamodb-endpoint URL] [--no-dynamodb]
// Publishes the built tree to S3 (then CloudFront and DynamoDB). The work is publishTree() in
// core/deploy/publish-tree.ts; this file only parses options and prints.
import { parseArgs } from "node:util";
import { formatPlan, formatSummary, progressReporter } from "../core/deploy/format.js";
import { publishTree } from "../core/deploy/publish-tree.js";
import { CwsError, EXIT } from "../core/errors.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `usage: npm run publish -- --bucket <name> [options]

Uploads the built tree (npm run build) to S3 in an order that never exposes a half-published
state, deletes objects that left the tree more than --grace-days ago, invalidates changed
mutable paths on CloudFront and writes the catalog into DynamoDB.
AWS credentials and region come from the standard chain (AWS_PROFILE, environment, SSO, role).

options:
  --bucket <name>            S3 bucket to publish to (required)
  --prefix <folder>          folder in the bucket (default: the bucket root)
  --dir <dir>                built tree to publish (default: dist)
  --endpoint <url>           S3-compatible endpoint for local testing (path-style, dummy credentials)
  --region <region>          AWS region (default: AWS_REGION, else us-east-1)
  --distribution-id <id>     CloudFront distribution to invalidate (default: no invalidation)
  --grace-days <days>        keep objects removed from the tree this long before deleting (default 7)
  --concurrency <n>          S3 requests in flight (default 8)
  --dynamodb-endpoint <url>  DynamoDB endpoint for local testing
  --no-dynamodb              do not write the catalog into DynamoDB
  --dry-run                  print the plan and change nothing
  -h, --help                 show this help`;

function usageError(message: string): CwsError {
  return new CwsError("USAGE", message, "run `npm run publish -- --help` for the options", EXIT.usage);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        bucket: { type: "string" },
        prefix: { type: "string" },
        dir: { type: "string", default: "dist" },
        endpoint: { type: "string" },
        region: { type: "string" },
        "distribution-id": { type: "string" },
        "grace-days": { type: "string", default: "7" },
        concurrency: { type: "string", default: "8" },
        "dynamodb-endpoint": { type: "string" },
        "no-dynamodb": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

function number(name: string, text: string, integer: boolean): number {
  if (!(integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(text)) throw usageError(`--${name} must be a ${integer ? "whole " : ""}number, not "${text}"`);
  return Number(text);
}

async function main(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!values.bucket) throw usageError("--bucket is required");
  const noDynamo = values["no-dynamodb"];
  const dynamoEndpoint = values["dynamodb-endpoint"];
  if (noDynamo && dynamoEndpoint) throw usageError("--no-dynamodb and --dynamodb-endpoint contradict each other");
  // A local S3 with the real DynamoDB would write test catalog entries into a live table.
  if (values.endpoint && !dynamoEndpoint && !noDynamo) throw usageError("with --endpoint (local S3), also pass --dynamodb-endpoint <url> or --no-dynamodb");

  const progress = progressReporter((line) => process.stderr.write(`${line}\n`));
  const result = await publishTree({
    dir: values.dir,
    bucket: values.bucket,
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values["distribution-id"] ? { distributionId: values["distribution-id"] } : {}),
    dryRun: values["dry-run"],
    graceDays: number("grace-days", values["grace-days"], false),
    concurrency: number("concurrency", values.concurrency, true),
    dynamodb: noDynamo ? false : dynamoEndpoint ? { endpoint: dynamoEndpoint } : {},
    onProgress: progress,
  });
  if (result.dryRun) {
    console.log(formatPlan(result));
    return EXIT.ok;
  }
  console.log(formatSummary(result));
  return EXIT.ok;
}

await runScript(USAGE, main);
