// The browse page's data files (core/site/browse-data.ts), computed once per build from the
// tree's catalog and packed search index.
import { browseHead, browseOrders, postingShards, softwareColumns } from "../../../core/site/browse-data.js";
import { SEARCH_INDEX_PATH } from "../../../core/spec/layout.js";
import type { SearchIndex } from "../../../core/types/generated.js";
import { data, source } from "./data.js";

let index: SearchIndex | undefined;
function searchIndex(): SearchIndex {
  const text = source(SEARCH_INDEX_PATH);
  if (text === undefined) throw new Error(`the browse page needs ${SEARCH_INDEX_PATH}, which the tree does not have`);
  index ??= JSON.parse(text) as SearchIndex;
  return index;
}

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
};

export const head = once(() => browseHead(data.catalog.templates, searchIndex()));
export const shards = once(() => postingShards(searchIndex()));
export const orders = once(() => browseOrders(data.catalog.templates, searchIndex().catalog_sha256));
export const software = once(() => softwareColumns(data.catalog.templates, searchIndex().catalog_sha256));

export function json(value: unknown): Response {
  return new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
}
