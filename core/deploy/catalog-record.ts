import { createHash } from "node:crypto";
import type { PublicationRow } from "../community/publication-store.js";
import { CATALOG_ATTRIBUTES, CATALOG_LIST_ATTRIBUTES, type CatalogItem } from "../community/tables.js";
import { CwsError, EXIT } from "../errors.js";
import type { PublishedTemplate } from "../types/generated.js";

/** Keys of the per-template records in the tree. Hashed copies have other names and are skipped. */
export const METADATA_KEY = /^templates\/([^/]+)\/metadata\.json$/;

/**
 * Reads a published metadata.json and checks the fields the catalog uses. The build validates
 * the whole record against published-template.schema.json; repeating that here would tie
 * publish to every schema change for fields it never reads.
 */
export function parsePublishedTemplate(text: string, key: string): PublishedTemplate {
  const fail = (why: string) =>
    new CwsError(
      "PUBLISH_BAD_RECORD",
      `${key}: ${why}`,
      "rebuild the tree (npm run build); metadata.json must match published-template.schema.json",
      EXIT.usage,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw fail("not a JSON object");
  const record = data as Record<string, unknown>;
  const publication = (typeof record.publication === "object" && record.publication !== null ? record.publication : {}) as Record<string, unknown>;
  const strings: [string, unknown][] = [
    ...(["template_id", "name", "description", "author", "version", "category", "last_updated"] as const).map((f): [string, unknown] => [f, record[f]]),
    ["publication.visibility", publication.visibility],
    ["publication.maintenance_status", publication.maintenance_status],
  ];
  for (const [field, value] of strings) if (typeof value !== "string" || value === "") throw fail(`${field} must be a non-empty string`);
  for (const field of CATALOG_LIST_ATTRIBUTES) {
    const value = record[field];
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && v !== ""))
      throw fail(`${field} must be a non-empty list of strings`);
  }
  const folder = METADATA_KEY.exec(key)?.[1];
  if (folder !== undefined && folder !== record.template_id) throw fail(`template_id "${String(record.template_id)}" differs from its folder "${folder}"`);
  return data as PublishedTemplate;
}

/** The catalog part of a community-templates item (CATALOG_ATTRIBUTES), projected from a published metadata.json. Pure. */
export function catalogItem(t: PublishedTemplate): CatalogItem {
  return {
    template_id: t.template_id,
    name: t.name,
    description: t.description,
    author: t.author,
    owners: [...t.owners],
    version: t.version,
    category: t.category,
    tags: [...t.tags],
    architecture: [...t.architecture],
    regions: [...t.regions],
    visibility: t.publication.visibility,
    maintenance_status: t.publication.maintenance_status,
    last_updated: t.last_updated,
  };
}

/** sha256 of the catalog record in a fixed attribute order, so equal records hash equally. */
export function catalogHash(item: CatalogItem): string {
  const canonical = CATALOG_ATTRIBUTES.map((name) => [name, item[name]]);
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/** One row per listed user; the author's row says author even when they are also an owner. */
export function publicationRows(item: CatalogItem): PublicationRow[] {
  const users = [item.author, ...item.owners.filter((o) => o !== item.author)];
  return [...new Set(users)].map((user) => ({
    user,
    template_id: item.template_id,
    role: user === item.author ? "author" : "owner",
    version: item.version,
    name: item.name,
  }));
}
