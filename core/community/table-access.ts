import { type DynamoDBDocumentClient, paginateQuery, paginateScan, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { TableKey } from "./tables.js";

export type Item = Record<string, unknown>;

/** What a table's store needs: the document client and the prefixed table names. */
export interface Tables {
  readonly doc: DynamoDBDocumentClient;
  table(key: TableKey): string;
}

export const failedCondition = (error: unknown) => (error as { name?: string }).name === "ConditionalCheckFailedException";

/** A conditional write: true when it was made, false when its condition failed; any other error throws. */
export async function written(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (failedCondition(error)) return false;
    throw error;
  }
}

export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: doc }, input)) items.push(...(page.Items ?? []));
  return items;
}

export async function scanAll(doc: DynamoDBDocumentClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateScan({ client: doc }, { TableName: table })) items.push(...(page.Items ?? []));
  return items;
}
