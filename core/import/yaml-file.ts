/** One YAML file as parsed, for positions (line, column) and the source text of scalars. */
import type { Document, LineCounter, Node } from "yaml";
import { isAlias, isMap, isNode, isScalar, isSeq } from "yaml";
import type { Location } from "../diagnostics/diagnostic.js";

export type Path = readonly (string | number)[];

export function jsonPointer(path: Path): string {
  return path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** One parsed YAML file: its document and line table, for positions and raw scalar text. */
export class YamlFile {
  constructor(
    readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Where a value is (or its key, with key=true); a missing path points at its nearest existing parent. */
  location(path: Path, key = false): Location {
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    let found = 0;
    for (const seg of path) {
      const inner = isAlias(node) ? node.resolve(this.doc) : node;
      if (isMap(inner)) {
        const pair = inner.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(inner) && typeof seg === "number" && seg < inner.items.length) {
        keyNode = undefined;
        node = inner.items[seg];
      } else {
        break;
      }
      found += 1;
    }
    const valueStart = isNode(node) ? node.range?.[0] : undefined;
    const keyStart = keyNode?.range?.[0];
    // Point at the key when asked for it, or when the value has no position (`icon:` and nothing else).
    const offset = (key && found === path.length ? (keyStart ?? valueStart) : (valueStart ?? keyStart)) ?? 0;
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col, pointer: jsonPointer(path.slice(0, found)) };
  }

  /** The source text of a scalar, so `version: 1.10` reads as "1.10" the way Go's yaml.v3 does. */
  rawScalar(path: Path): string | undefined {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
      else if (isSeq(node) && typeof seg === "number") node = node.items[seg];
      else return undefined;
    }
    if (isAlias(node)) node = node.resolve(this.doc);
    return isScalar(node) && typeof node.source === "string" ? node.source : undefined;
  }
}
