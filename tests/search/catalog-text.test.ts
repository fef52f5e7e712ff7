import { describe, expect, it } from "vitest";
import { buildTree } from "../../core/build/build-tree.js";
import { CatalogRows, serializeCatalog } from "../../core/spec/catalog-format.js";
import type { Catalog } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";

const encode = (text: string) => new TextEncoder().encode(text);

describe("catalog.json line layout", () => {
  const files = buildTree(seededInput()).files;
  const catalog = json<Catalog>(files, "indexes/catalog.json");
  const bytes = files.get("indexes/catalog.json") ?? new Uint8Array();

  it("is plain JSON with one summary per line, each starting with its id", () => {
    const text = new TextDecoder().decode(bytes);
    expect(JSON.parse(text)).toEqual(catalog);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/"templates":\[$/);
    expect(lines.slice(1, 1 + catalog.templates.length).map((l) => /^\{"template_id":"([^"]+)"/.exec(l)?.[1])).toEqual(
      catalog.templates.map((t) => t.template_id),
    );
    expect(lines.at(-2)).toBe("]}");
    expect(serializeCatalog({ ...catalog, templates: [] })).toMatch(/"templates":\[\n\n\]\}\n$/);
    expect(JSON.parse(serializeCatalog({ ...catalog, templates: [] })).templates).toEqual([]);
  });

  it("reads rows one at a time, and whole catalogs written any other way", () => {
    const lazy = CatalogRows.from(bytes);
    expect(lazy.length).toBe(catalog.templates.length);
    expect(lazy.header.facets).toEqual(catalog.facets);
    expect(lazy.id(3)).toBe(catalog.templates[3]?.template_id);
    expect(lazy.row(3)).toEqual(catalog.templates[3]);
    expect(lazy.all()).toEqual(catalog.templates);
    const pretty = CatalogRows.from(encode(JSON.stringify(catalog, null, 2)));
    expect(pretty.all()).toEqual(catalog.templates);
    expect(pretty.header.generated_at).toBe(catalog.generated_at);
    expect(() => lazy.id(catalog.templates.length)).toThrow(RangeError);
  });

  it("notices a row whose body does not match the id it starts with", () => {
    const text = new TextDecoder().decode(bytes);
    const [first, second] = catalog.templates;
    const swapped = text.replace(`"name":${JSON.stringify(first?.name)}`, `"name":"x","template_id":"${second?.template_id}"`);
    expect(() => CatalogRows.from(encode(swapped)).row(0)).toThrow(/expected/);
  });
});
