import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "../dynamo/tables.js";
import type { PublishedTemplate } from "../types/generated.js";
import { awsFailure } from "./aws-errors.js";
import { CATALOG_ATTRIBUTES, type CatalogItem, catalogHash, catalogItem, publicationRows } from "./catalog-record.js";
import { runPool } from "./pool.js";
import { type RetryOptions, withRetry } from "./retry.js";

export interface CatalogResult {
  /** Template ids whose catalog attributes were written. */
  written: string[];
  /** Template ids whose catalog_hash already matched. */
  unchanged: string[];
  rowsPut: number;
  rowsDeleted: number;
}

export interface WriteCatalogOptions {
  client: DynamoDBClient;
  records: readonly PublishedTemplate[];
  /** Table name prefix; defaults to CWS_TABLE_PREFIX. */
  tablePrefix?: string;
  concurrency?: number;
  retry?: RetryOptions;
}

export const CATALOG_HASH = "catalog_hash";

/**
 * Writes each template's catalog attributes and its user-publications rows. The item is updated
 * in two steps: catalog attributes (only if catalog_hash differs), the rows, then catalog_hash.
 * The hash is the commit marker, so a publish killed in between redoes the template next time
 * instead of leaving rows behind an up-to-date hash.
 */
export async function writeCatalog(options: WriteCatalogOptions): Promise<CatalogResult> {
  const doc = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = {
    templates: tableName("communityTemplates", options.tablePrefix),
    publications: tableName("userPublications", options.tablePrefix),
  };
  const result: CatalogResult = { written: [], unchanged: [], rowsPut: 0, rowsDeleted: 0 };
  const call = <T>(action: string, operation: () => Promise<T>) =>
    withRetry(operation, options.retry).catch((error: unknown) => {
      throw awsFailure(action, error);
    });

  await runPool(options.records, options.concurrency ?? 4, async (record) => {
    const item = catalogItem(record);
    const hash = catalogHash(item);
    const changed = await updateCatalog(doc, tables.templates, item, hash, options.retry).catch((error: unknown) => {
      throw awsFailure(`updating ${tables.templates} ${item.template_id}`, error);
    });
    if (!changed) {
      result.unchanged.push(item.template_id);
      return;
    }
    const wanted = publicationRows(item);
    const existing = await call(`querying ${tables.publications} for ${item.template_id}`, () => rowsOf(doc, tables.publications, item.template_id));
    const keep = new Set(wanted.map((r) => r.user));
    for (const user of existing.filter((u) => !keep.has(u))) {
      await call(`deleting ${tables.publications} ${user}/${item.template_id}`, () =>
        doc.send(new DeleteCommand({ TableName: tables.publications, Key: { user, template_id: item.template_id } })),
      );
      result.rowsDeleted++;
    }
    for (const row of wanted) {
      await call(`writing ${tables.publications} ${row.user}/${row.template_id}`, () =>
        doc.send(new PutCommand({ TableName: tables.publications, Item: row })),
      );
      result.rowsPut++;
    }
    await call(`updating ${tables.templates} ${item.template_id}`, () =>
      doc.send(
        new UpdateCommand({
          TableName: tables.templates,
          Key: { template_id: item.template_id },
          UpdateExpression: "SET #h = :h",
          ExpressionAttributeNames: { "#h": CATALOG_HASH },
          ExpressionAttributeValues: { ":h": hash },
        }),
      ),
    );
    result.written.push(item.template_id);
  });
  result.written.sort();
  result.unchanged.sort();
  return result;
}

/** SETs the catalog attributes unless catalog_hash already equals `hash`; true when written. */
async function updateCatalog(doc: DynamoDBDocumentClient, table: string, item: CatalogItem, hash: string, retry?: RetryOptions): Promise<boolean> {
  const names: Record<string, string> = { "#h": CATALOG_HASH };
  const values: Record<string, unknown> = { ":h": hash };
  const sets: string[] = [];
  // The key attribute cannot be SET; every other catalog attribute is, and nothing else is named.
  CATALOG_ATTRIBUTES.filter((a) => a !== "template_id").forEach((attribute, i) => {
    names[`#a${i}`] = attribute;
    values[`:a${i}`] = item[attribute];
    sets.push(`#a${i} = :a${i}`);
  });
  try {
    await withRetry(
      () =>
        doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { template_id: item.template_id },
            UpdateExpression: `SET ${sets.join(", ")}`,
            ConditionExpression: "attribute_not_exists(#h) OR #h <> :h",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      retry,
    );
    return true;
  } catch (error) {
    if ((error as { name?: unknown }).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

/** Users with a row for the template, through the template-index GSI. */
async function rowsOf(doc: DynamoDBDocumentClient, table: string, templateId: string): Promise<string[]> {
  const users: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: "template-index",
        KeyConditionExpression: "template_id = :t",
        ExpressionAttributeValues: { ":t": templateId },
        ProjectionExpression: "#u",
        ExpressionAttributeNames: { "#u": "user" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const row of page.Items ?? []) if (typeof row.user === "string") users.push(row.user);
    start = page.LastEvaluatedKey;
  } while (start);
  return users;
}
