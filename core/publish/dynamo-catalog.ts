import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { CommunityStore } from "../community/store.js";
import type { PublishedTemplate } from "../types/generated.js";
import { awsFailure } from "./aws-errors.js";
import { catalogHash, catalogItem, publicationRows } from "./catalog-record.js";
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

/**
 * Writes each template's catalog attributes and its user-publications rows. The item is updated
 * in two steps: catalog attributes (only if catalog_hash differs), the rows, then catalog_hash.
 * The hash is the commit marker, so a publish killed in between redoes the template next time
 * instead of leaving rows behind an up-to-date hash.
 */
export async function writeCatalog(options: WriteCatalogOptions): Promise<CatalogResult> {
  const store = new CommunityStore(options.client, options.tablePrefix);
  const doc = store.doc;
  const tables = { templates: store.catalog.tableName, publications: store.table("userPublications") };
  const result: CatalogResult = { written: [], unchanged: [], rowsPut: 0, rowsDeleted: 0 };
  const call = <T>(action: string, operation: () => Promise<T>) =>
    withRetry(operation, options.retry).catch((error: unknown) => {
      throw awsFailure(action, error);
    });

  await runPool(options.records, options.concurrency ?? 4, async (record) => {
    const item = catalogItem(record);
    const hash = catalogHash(item);
    const changed = await withRetry(() => store.catalog.setCatalog(item, hash), options.retry).catch((error: unknown) => {
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
    await call(`updating ${tables.templates} ${item.template_id}`, () => store.catalog.setCatalogHash(item.template_id, hash));
    result.written.push(item.template_id);
  });
  result.written.sort();
  result.unchanged.sort();
  return result;
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
