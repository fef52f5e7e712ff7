import type { Diagnostic, Location } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/make.js";
import type { RuleCode } from "../diagnostics/rules.js";
import { LineIndex } from "./line-index.js";

export const MAX_DEPTH = 64;
export const MAX_STRING_LENGTH = 64 * 1024;

interface NodeOffsets {
  value: number;
  key?: number;
}

/** A parsed JSON document that can say where any value or key is. */
export interface LocatedJson {
  /** The value, or undefined when the text is not valid JSON (see diagnostics). Duplicate keys and
   * oversized strings are reported but still yield a value, so later checks can run. */
  value: unknown;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Location of the value at a pointer, or of its nearest existing ancestor. */
  locate(pointer: string, options?: { key?: boolean }): Location;
  /** Location of a character inside the string value at a pointer (index into the decoded string). */
  locateInString(pointer: string, index: number): Location;
}

class Stop extends Error {}

const WS = /[ \t\n\r]*/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings; this finds them.
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Strict JSON parser that records where every value and key starts. Unlike JSON.parse it
 * reports duplicate keys, bounds nesting and string size, and explains common mistakes
 * (trailing commas, comments, single quotes) with a line and column. Linear in input size.
 */
export function parseLocated(text: string, file: string): LocatedJson {
  const nodes = new Map<string, NodeOffsets>();
  const diagnostics: Diagnostic[] = [];
  let lines: LineIndex | undefined;
  let pos = 0;

  const at = (offset: number, pointer = ""): Location => {
    lines ??= new LineIndex(text);
    return { file, pointer, ...lines.position(offset) };
  };
  const report = (code: RuleCode, offset: number, message: string, hint: string, pointer = "") =>
    diagnostics.push(diagnostic(code, at(offset, pointer), message, hint));
  const fail = (message: string, hint: string, offset = pos): never => {
    report("CWS002", offset, message, hint);
    throw new Stop();
  };

  const skipWs = () => {
    WS.lastIndex = pos;
    WS.test(text);
    pos = WS.lastIndex;
  };

  const describe = (offset: number) => {
    const ch = text[offset];
    if (ch === undefined) return "end of file";
    return JSON.stringify(text.slice(offset, offset + 1));
  };

  const unexpected = (expected: string): never => {
    const ch = text[pos];
    if (ch === "/" && (text[pos + 1] === "/" || text[pos + 1] === "*")) {
      return fail("comments are not allowed in JSON", "remove the comment; put notes in README.md");
    }
    if (ch === "'") return fail("strings must use double quotes", 'replace the single quotes with "');
    return fail(`expected ${expected} but found ${describe(pos)}`, "check the JSON syntax near this position");
  };

  const parseString = (pointer: string): string => {
    const start = pos;
    pos++;
    let out = "";
    for (;;) {
      PLAIN.lastIndex = pos;
      PLAIN.test(text);
      out += text.slice(pos, PLAIN.lastIndex);
      pos = PLAIN.lastIndex;
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        break;
      }
      if (ch === undefined) fail("unterminated string", 'close the string with "', start);
      if (ch === "\\") {
        const esc = text[pos + 1] ?? "";
        if (esc === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape", "use \\u followed by four hex digits");
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
        } else {
          const decoded = ESCAPES[esc];
          if (decoded === undefined) fail(`invalid escape \\${esc}`, 'valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX');
          out += decoded;
          pos += 2;
        }
      } else {
        fail("unescaped control character in string", "write line breaks as \\n and tabs as \\t");
      }
    }
    if (out.length > MAX_STRING_LENGTH) {
      report("CWS005", start, `string of ${out.length} characters exceeds ${MAX_STRING_LENGTH}`, "move long text into README.md", pointer);
    }
    return out;
  };

  const parseValue = (pointer: string, depth: number, keyAt?: number): unknown => {
    skipWs();
    nodes.set(pointer, keyAt === undefined ? { value: pos } : { value: pos, key: keyAt });
    const ch = text[pos];
    if (ch === "{" || ch === "[") {
      if (depth >= MAX_DEPTH) {
        report("CWS004", pos, `nesting deeper than ${MAX_DEPTH} levels`, "flatten the structure", pointer);
        throw new Stop();
      }
      return ch === "{" ? parseObject(pointer, depth + 1) : parseArray(pointer, depth + 1);
    }
    if (ch === '"') return parseString(pointer);
    NUMBER.lastIndex = pos;
    const num = NUMBER.exec(text);
    if (num) {
      pos = NUMBER.lastIndex;
      return Number(num[0]);
    }
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    if (/^(?:NaN|-?Infinity|undefined)/.test(text.slice(pos, pos + 9))) {
      return fail(`${/^\S+?\b/.exec(text.slice(pos, pos + 9))?.[0] ?? "value"} is not valid JSON`, "use a number, a string or null");
    }
    return unexpected("a value");
  };

  const afterComma = (closer: "}" | "]", commaAt: number) => {
    skipWs();
    if (text[pos] === closer) {
      fail(`trailing comma before '${closer}'`, "remove the comma after the last entry", commaAt);
    }
  };

  const parseObject = (pointer: string, depth: number): Record<string, unknown> => {
    const open = pos;
    pos++;
    const obj: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    skipWs();
    if (text[pos] === "}") {
      pos++;
      return obj;
    }
    for (;;) {
      skipWs();
      if (text[pos] !== '"') {
        if (text[pos] === undefined) fail("unexpected end of file: '}' missing", `close the object opened at line ${at(open).line}`);
        if (/[A-Za-z_$]/.test(text[pos] ?? "")) fail("property names must be in double quotes", 'wrap the name in "');
        unexpected("a property name in double quotes");
      }
      const keyAt = pos;
      const key = parseString(pointer);
      const child = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const first = seen.get(key);
      if (first !== undefined) {
        report("CWS003", keyAt, `duplicate key "${key}"`, `remove one of them; the first is at line ${at(first).line}`, child);
      } else {
        seen.set(key, keyAt);
      }
      skipWs();
      if (text[pos] !== ":") unexpected(`':' after "${key}"`);
      pos++;
      // defineProperty keeps a "__proto__" key as data instead of changing the prototype.
      Object.defineProperty(obj, key, { value: parseValue(child, depth, keyAt), enumerable: true, writable: true, configurable: true });
      skipWs();
      const ch = text[pos];
      if (ch === ",") {
        const commaAt = pos++;
        afterComma("}", commaAt);
        continue;
      }
      if (ch === "}") {
        pos++;
        return obj;
      }
      if (ch === '"') fail("missing comma between properties", "add a ',' at the end of the previous line");
      if (ch === undefined) fail("unexpected end of file: '}' missing", `close the object opened at line ${at(open).line}`);
      unexpected("',' or '}'");
    }
  };

  const parseArray = (pointer: string, depth: number): unknown[] => {
    const open = pos;
    pos++;
    const arr: unknown[] = [];
    skipWs();
    if (text[pos] === "]") {
      pos++;
      return arr;
    }
    for (;;) {
      arr.push(parseValue(`${pointer}/${arr.length}`, depth));
      skipWs();
      const ch = text[pos];
      if (ch === ",") {
        const commaAt = pos++;
        afterComma("]", commaAt);
        continue;
      }
      if (ch === "]") {
        pos++;
        return arr;
      }
      if (ch === undefined) fail("unexpected end of file: ']' missing", `close the list opened at line ${at(open).line}`);
      if (ch === '"' || ch === "{" || ch === "[") fail("missing comma between list items", "add a ',' after the previous item");
      unexpected("',' or ']'");
    }
  };

  let value: unknown;
  let ok = true;
  try {
    skipWs();
    if (pos >= text.length) fail("file is empty", "a template.json holds one JSON object");
    value = parseValue("", 0);
    skipWs();
    if (pos < text.length) fail("unexpected content after the JSON document", "remove everything after the final '}'");
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    ok = false;
    value = undefined;
  }

  const nearest = (pointer: string): [string, NodeOffsets] => {
    let p = pointer;
    for (;;) {
      const node = nodes.get(p);
      if (node) return [p, node];
      if (p === "") return ["", { value: 0 }];
      p = p.slice(0, p.lastIndexOf("/"));
    }
  };

  return {
    value,
    ok,
    diagnostics,
    locate(pointer, options) {
      const [found, node] = nearest(pointer);
      const offset = options?.key && found === pointer && node.key !== undefined ? node.key : node.value;
      return at(offset, pointer);
    },
    locateInString(pointer, index) {
      const [found, node] = nearest(pointer);
      if (found !== pointer || text[node.value] !== '"') return at(node.value, pointer);
      return at(rawOffset(text, node.value, index), pointer);
    },
  };
}

/** Source offset of the decoded character `index` in the string literal starting at `start`. */
function rawOffset(text: string, start: number, index: number): number {
  let raw = start + 1;
  for (let decoded = 0; decoded < index && raw < text.length; decoded++) {
    raw += text[raw] === "\\" ? (text[raw + 1] === "u" ? 6 : 2) : 1;
  }
  return raw;
}
