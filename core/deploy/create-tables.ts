import { CreateTableCommand, type DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { tableDefinitions } from "../community/tables.js";
import { awsFailure } from "./aws-errors.js";

export interface TableOutcome {
  table: string;
  status: "created" | "exists";
}

/**
 * Creates the tables of tableDefinitions() that do not exist yet and waits until each is
 * ACTIVE. Existing tables are left as they are (their schema is not compared or changed).
 */
export async function createTables(client: DynamoDBClient, options: { prefix?: string; maxWaitSeconds?: number } = {}): Promise<TableOutcome[]> {
  const outcomes: TableOutcome[] = [];
  for (const definition of tableDefinitions(options.prefix)) {
    const table = definition.TableName ?? "";
    try {
      await client.send(new CreateTableCommand(definition));
      outcomes.push({ table, status: "created" });
    } catch (error) {
      if ((error as { name?: unknown }).name !== "ResourceInUseException") throw awsFailure(`creating table ${table}`, error);
      outcomes.push({ table, status: "exists" });
    }
    try {
      // The SDK's default first delay is 20 s; tables usually turn ACTIVE within a few.
      await waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 300, minDelay: 1, maxDelay: 10 }, { TableName: table });
    } catch (error) {
      throw awsFailure(`waiting for table ${table} to become ACTIVE`, error);
    }
  }
  return outcomes;
}
