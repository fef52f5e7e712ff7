// npm run create-tables -- [--endpoint URL] [--prefix P] [--region R]
// Creates the DynamoDB tables of core/community/tables.ts that do not exist yet, and waits until
// they are ACTIVE. Safe to re-run.
import { parseArgs } from "node:util";
import { dynamoClient, endpointSettings } from "../core/aws/clients.js";
import { createTables } from "../core/deploy/create-tables.js";
import { CwsError, EXIT } from "../core/errors.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `usage: npm run create-tables -- [options]

Creates the marketplace DynamoDB tables (existing ones are left alone) and waits until ACTIVE.
AWS credentials and region come from the standard chain.

options:
  --endpoint <url>   DynamoDB endpoint for local testing (dummy credentials)
  --prefix <text>    table name prefix (default: CWS_TABLE_PREFIX, else none)
  --region <region>  AWS region (default: AWS_REGION, else us-east-1)
  -h, --help         show this help`;

async function main(argv: string[]): Promise<number> {
  let values: { endpoint?: string; prefix?: string; region?: string; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { endpoint: { type: "string" }, prefix: { type: "string" }, region: { type: "string" }, help: { type: "boolean", short: "h" } },
    }).values;
  } catch (error) {
    throw new CwsError("USAGE", (error as Error).message, "run `npm run create-tables -- --help` for the options", EXIT.usage);
  }
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const client = dynamoClient(endpointSettings(values.endpoint, values.region));
  try {
    for (const outcome of await createTables(client, values.prefix !== undefined ? { prefix: values.prefix } : {})) {
      console.log(`${outcome.status === "created" ? "created" : "exists "} ${outcome.table} (ACTIVE)`);
    }
  } finally {
    client.destroy();
  }
  return EXIT.ok;
}

await runScript(USAGE, main);
