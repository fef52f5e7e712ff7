import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
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
  const tables = { templates: store.catalog.tableName, publications: store.publications.tableName };
  const result: CatalogResult = { written: [], unchanged: [], rowsPut: 0, rowsDeleted: 0 };
  const call = <T>(action: string, operation: () => Promise<T>) =>
    withRetry(operation, options.retry).catch((error: unknown) => {
      throw awsFailure(action, error);
    });

  await runPool(options.records, options.concurrency ?? 4, async (record) => {
    const item = catalogItem(record);
    const hash = catalogHash(item);
    const changed = await call(`updating ${tables.templates} ${item.template_id}`, () => store.catalog.setCatalog(item, hash));
    if (!changed) {
      result.unchanged.push(item.template_id);
      return;
    }
    const wanted = publicationRows(item);
    const existing = await call(`querying ${tables.publications} for ${item.template_id}`, () => store.publications.usersOf(item.template_id));
    const keep = new Set(wanted.map((r) => r.user));
    for (const user of existing.filter((u) => !keep.has(u))) {
      await call(`deleting ${tables.publications} ${user}/${item.template_id}`, () => store.publications.delete(user, item.template_id));
      result.rowsDeleted++;
    }
    for (const row of wanted) {
      await call(`writing ${tables.publications} ${row.user}/${row.template_id}`, () => store.publications.put(row));
      result.rowsPut++;
    }
    await call(`updating ${tables.templates} ${item.template_id}`, () => store.catalog.setCatalogHash(item.template_id, hash));
    result.written.push(item.template_id);
  });
  result.written.sort();
  result.unchanged.sort();
  return result;
}
