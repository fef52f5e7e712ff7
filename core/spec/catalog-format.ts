import type { Catalog, TemplateSummary } from "../types/generated.js";

const ROW_PREFIX = '{"template_id":"';
const NEWLINE = 10;
const decoder = new TextDecoder();

/**
 * catalog.json's layout (docs/client-spec.md §3.2): every member but `templates` on the first
 * line, then one summary per line, each starting with its template_id, then `]}`. Any JSON
 * parser reads it as usual; a client that needs a few rows of a large catalog can find them by
 * line without parsing the rest.
 */
export function serializeCatalog(catalog: Catalog): string {
  const { templates, ...header } = catalog;
  const head = JSON.stringify(header).slice(0, -1);
  const rows = templates.map((t) => {
    const text = JSON.stringify(t);
    if (!text.startsWith(`${ROW_PREFIX}${t.template_id}"`)) throw new Error(`catalog row ${t.template_id} must start with its template_id`);
    return text;
  });
  return `${head},"templates":[\n${rows.join(",\n")}\n]}\n`;
}

/**
 * The rows of a catalog.json, parsed one at a time on first use. Catalogs not in the line layout
 * (another publisher's, or a future one) are parsed whole instead, with the same interface.
 */
export class CatalogRows {
  private readonly parsed: (TemplateSummary | undefined)[];

  private constructor(
    readonly header: Omit<Catalog, "templates">,
    private readonly ids: readonly string[],
    private readonly read: (row: number) => TemplateSummary,
  ) {
    this.parsed = new Array(ids.length);
  }

  static from(bytes: Uint8Array): CatalogRows {
    return CatalogRows.lazy(bytes) ?? CatalogRows.whole(JSON.parse(decoder.decode(bytes)) as Catalog);
  }

  static whole(catalog: Catalog): CatalogRows {
    const { templates, ...header } = catalog;
    return new CatalogRows(
      header,
      templates.map((t) => t.template_id),
      (row) => templates[row] as TemplateSummary,
    );
  }

  private static lazy(bytes: Uint8Array): CatalogRows | undefined {
    const firstEnd = bytes.indexOf(NEWLINE);
    if (firstEnd < 0) return undefined;
    const head = decoder.decode(bytes.subarray(0, firstEnd));
    if (!head.endsWith('"templates":[')) return undefined;
    const starts: number[] = [];
    const ends: number[] = [];
    const ids: string[] = [];
    let at = firstEnd + 1;
    for (;;) {
      const end = bytes.indexOf(NEWLINE, at);
      if (end < 0) return undefined;
      const line = decoder.decode(bytes.subarray(at, Math.min(end, at + 200)));
      if (line.startsWith("]}")) break;
      if (!line.startsWith(ROW_PREFIX)) return undefined;
      const close = line.indexOf('"', ROW_PREFIX.length);
      if (close < 0) return undefined;
      ids.push(line.slice(ROW_PREFIX.length, close));
      starts.push(at);
      ends.push(bytes[end - 1] === 44 ? end - 1 : end); // drop the "," separating rows
      at = end + 1;
    }
    let header: Omit<Catalog, "templates">;
    try {
      const { templates: _, ...rest } = JSON.parse(`${head}]}`) as Catalog;
      header = rest;
    } catch {
      return undefined;
    }
    return new CatalogRows(header, ids, (row) => JSON.parse(decoder.decode(bytes.subarray(starts[row], ends[row]))) as TemplateSummary);
  }

  get length(): number {
    return this.ids.length;
  }

  id(row: number): string {
    const id = this.ids[row];
    if (id === undefined) throw new RangeError(`catalog has no row ${row}`);
    return id;
  }

  row(row: number): TemplateSummary {
    let summary = this.parsed[row];
    if (!summary) {
      summary = this.read(row);
      if (summary.template_id !== this.id(row)) throw new Error(`catalog row ${row} is ${summary.template_id}, expected ${this.id(row)}`);
      this.parsed[row] = summary;
    }
    return summary;
  }

  all(): TemplateSummary[] {
    return this.ids.map((_, i) => this.row(i));
  }
}
