import type { Location } from "../diagnostics/diagnostic.js";
import { type LocatedJson, MAX_DEPTH, MAX_STRING_LENGTH, parseLocated } from "./parse-located.js";

// One string literal. Scanning from the start with it stays in step with the tokens of valid JSON,
// because outside strings such text has no '"'; a literal followed by ':' is a key.
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/g;

/**
 * Parses like parseLocated, with the same value and the same diagnostics, but on the hot path
 * uses JSON.parse and builds the position index only when something needs a location. The
 * located parser runs at once when JSON.parse refuses the text or when the document has what
 * only it reports: duplicate keys (JSON.parse keeps the last silently), nesting deeper than
 * MAX_DEPTH or strings longer than MAX_STRING_LENGTH. Valid templates, nearly all of a registry,
 * never pay for offsets they do not use.
 */
export function parseJson(text: string, file: string): LocatedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseLocated(text, file);
  }
  const shape = { keys: 0, clean: true };
  walk(value, 0, shape);
  if (!shape.clean || shape.keys !== countKeys(text)) return parseLocated(text, file);

  let located: LocatedJson | undefined;
  const locator = () => {
    located ??= parseLocated(text, file);
    return located;
  };
  return {
    value,
    ok: true,
    diagnostics: [],
    locate: (pointer: string, options?: { key?: boolean }): Location => locator().locate(pointer, options),
    locateInString: (pointer: string, index: number): Location => locator().locateInString(pointer, index),
  };
}

/** Counts keys and flags what JSON.parse does not check: depth and string length. */
function walk(node: unknown, depth: number, shape: { keys: number; clean: boolean }): void {
  if (typeof node === "string") {
    if (node.length > MAX_STRING_LENGTH) shape.clean = false;
    return;
  }
  if (node === null || typeof node !== "object") return;
  // parseLocated refuses a container at depth MAX_DEPTH (the root is depth 0).
  if (depth >= MAX_DEPTH) {
    shape.clean = false;
    return;
  }
  if (Array.isArray(node)) {
    for (const item of node) walk(item, depth + 1, shape);
    return;
  }
  for (const key in node) {
    shape.keys++;
    if (key.length > MAX_STRING_LENGTH) shape.clean = false;
    walk((node as Record<string, unknown>)[key], depth + 1, shape);
  }
}

function countKeys(text: string): number {
  let n = 0;
  STRING.lastIndex = 0;
  while (STRING.test(text)) {
    let i = STRING.lastIndex;
    let ch = text.charCodeAt(i);
    while (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) ch = text.charCodeAt(++i);
    if (ch === 0x3a) n++;
  }
  return n;
}
