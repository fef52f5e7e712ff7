import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoClient, endpointSettings } from "../aws/clients.js";
import { CwsError, EXIT } from "../errors.js";

/** The DynamoDB options npm run sync-stats and npm run moderate share with npm run build. */
export const DYNAMO_OPTIONS = {
  dynamodb: { type: "boolean", default: false },
  "dynamodb-endpoint": { type: "string" },
  "table-prefix": { type: "string" },
  region: { type: "string" },
} as const;

export const DYNAMO_USAGE = `  --dynamodb                 use DynamoDB through the standard AWS chain (production)
  --dynamodb-endpoint <url>  use a local DynamoDB, such as the dynalite npm start runs
                             (default: CWS_DYNAMODB_ENDPOINT)
  --table-prefix <p>         table name prefix (default: CWS_TABLE_PREFIX)
  --region <region>          AWS region (default: AWS_REGION, else us-east-1)`;

export interface DynamoTarget {
  client: DynamoDBClient;
  tablePrefix?: string;
  /** What the client points at, for messages. */
  where: string;
}

/** Picks the DynamoDB to use; refuses to guess between a local endpoint and AWS. */
export function dynamoTarget(
  values: { dynamodb?: boolean; "dynamodb-endpoint"?: string; "table-prefix"?: string; region?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): DynamoTarget {
  const endpoint = values["dynamodb-endpoint"] ?? env.CWS_DYNAMODB_ENDPOINT;
  if (!endpoint && !values.dynamodb)
    throw new CwsError(
      "USAGE",
      "say which DynamoDB to use",
      "pass --dynamodb-endpoint <url> (npm start prints its DynamoDB URL) or set CWS_DYNAMODB_ENDPOINT; pass --dynamodb for AWS",
      EXIT.usage,
    );
  const tablePrefix = values["table-prefix"] ?? env.CWS_TABLE_PREFIX;
  return {
    client: dynamoClient(endpointSettings(endpoint, values.region)),
    ...(tablePrefix ? { tablePrefix } : {}),
    where: endpoint ?? "DynamoDB (AWS)",
  };
}
