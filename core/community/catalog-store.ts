import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { TemplateStats } from "../spec/ratings.js";
import { statsFromItem } from "./stats.js";
import { type Item, queryAll, scanAll, type Tables, written } from "./table-access.js";
import { CATALOG_ATTRIBUTES, type CatalogItem } from "./tables.js";

/** The attribute publish writes last, as the commit marker of a template's catalog write. */
export const CATALOG_HASH = "catalog_hash";

/**
 * The one reader and writer of community-templates. Its writers own disjoint attributes: publish
 * the catalog attributes (CATALOG_ATTRIBUTES and catalog_hash), sync-stats the counters
 * (COMMUNITY_COUNTERS, rating_histogram, SYNC_ATTRIBUTES); the API and the build only read.
 */
export class CatalogStore {
  constructor(private readonly t: Tables) {}

  get tableName(): string {
    return this.t.table("communityTemplates");
  }

  async getTemplate(id: string): Promise<Item | undefined> {
    const out = await this.t.doc.send(new GetCommand({ TableName: this.tableName, Key: { template_id: id } }));
    return out.Item;
  }

  scanTemplates(): Promise<Item[]> {
    return scanAll(this.t.doc, this.tableName);
  }

  templatesInCategory(category: string): Promise<Item[]> {
    return queryAll(this.t.doc, {
      TableName: this.tableName,
      IndexName: "category-index",
      KeyConditionExpression: "category = :c",
      ExpressionAttributeValues: { ":c": category },
    });
  }

  /** The build's read: every template's counters, zero where sync-stats has not written them. */
  async allStats(): Promise<Map<string, TemplateStats>> {
    const stats = new Map<string, TemplateStats>();
    for (const item of await this.scanTemplates()) if (typeof item.template_id === "string") stats.set(item.template_id, statsFromItem(item));
    return stats;
  }

  /** sync-stats: SETs the given counters in one update, never creating an item publish did not write. */
  async setCounters(id: string, counters: Readonly<Record<string, unknown>>): Promise<void> {
    await this.t.doc.send(
      new UpdateCommand({ TableName: this.tableName, Key: { template_id: id }, ...setAll(counters), ConditionExpression: "attribute_exists(template_id)" }),
    );
  }

  /** publish: SETs the catalog attributes unless catalog_hash already equals `hash`; true when written. */
  async setCatalog(item: CatalogItem, hash: string): Promise<boolean> {
    // The key attribute cannot be SET; every other catalog attribute is, and nothing else is named.
    const attributes = Object.fromEntries(CATALOG_ATTRIBUTES.filter((a) => a !== "template_id").map((a) => [a, item[a]]));
    const set = setAll(attributes);
    return written(
      this.t.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { template_id: item.template_id },
          ...set,
          ConditionExpression: "attribute_not_exists(#h) OR #h <> :h",
          ExpressionAttributeNames: { ...set.ExpressionAttributeNames, "#h": CATALOG_HASH },
          ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ":h": hash },
        }),
      ),
    );
  }

  /** publish: the commit marker, written once the template's publication rows are in place. */
  async setCatalogHash(id: string, hash: string): Promise<void> {
    await this.t.doc.send(new UpdateCommand({ TableName: this.tableName, Key: { template_id: id }, ...setAll({ [CATALOG_HASH]: hash }) }));
  }
}

/** `SET #a0 = :a0, …` over the attributes, with placeholder names so any attribute name is safe. */
function setAll(attributes: Readonly<Record<string, unknown>>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(attributes).forEach(([key, value], i) => {
    names[`#a${i}`] = key;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  return { UpdateExpression: `SET ${sets.join(", ")}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
