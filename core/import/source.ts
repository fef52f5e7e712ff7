/**
 * The YAML side of the importer: parses a CloudWorkstation template with positions, guards
 * against hostile input, and offers typed reads that report problems where they are in the
 * file. Values are read from the plain JS value (so anchors and merge keys behave like Go's
 * yaml.v3); the AST is used only for line/column and for the raw text of scalars.
 */
import { isMap, LineCounter, parseAllDocuments, parseDocument } from "yaml";
import type { Diagnostic, Location } from "../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../diagnostics/make.js";
import type { RuleCode } from "../diagnostics/rules.js";
import { jsonPointer, type Path, YamlFile } from "./yaml-file.js";

export { jsonPointer, type Path, YamlFile } from "./yaml-file.js";

/** Larger files are refused before parsing: real templates are a few KiB. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Caps alias expansion so a "billion laughs" document cannot exhaust memory. */
export const MAX_ALIASES = 100;

/** A field path as YAML authors write it: users[0].name. */
export function fieldName(path: Path): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") || "the document";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  return `a ${typeof value}`;
}

const YAML11_BOOLEANS: Record<string, boolean> = Object.fromEntries([
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"].map((w) => [w, true]),
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF"].map((w) => [w, false]),
]);

/**
 * Where a value of a merged (inherited) template came from: the file and the path in it. Set
 * by the inheritance resolver; a plain file has none and every path is its own.
 */
export type Origin = (path: Path) => { yaml: YamlFile; path: Path };

/** One template to import (a file, or a file merged with its parents) plus the diagnostics found while reading it. */
export class Source {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly yaml: YamlFile,
    readonly root: Record<string, unknown>,
    private readonly origin: Origin = (path) => ({ yaml, path }),
  ) {}

  /** The file and path a value came from (a parent's, for an inherited value). */
  originOf(path: Path): { yaml: YamlFile; path: Path } {
    return this.origin(path);
  }

  /** Where a value is, in the file it came from (a parent's, for an inherited value). */
  location(path: Path, key = false): Location {
    const at = this.origin(path);
    const location = at.yaml.location(at.path, key);
    // The pointer names the field in the merged template, which is what the message talks about.
    return at.yaml === this.yaml ? location : { ...location, pointer: jsonPointer(path) };
  }

  report(code: RuleCode, path: Path, message: string, hint: string, key = false): void {
    // For a missing field the location (and pointer) is its nearest existing parent.
    const d = diagnostic(code, this.location(path, key), message, hint);
    // Two mappers may read the same field (architectures and costs both read the cost map); report once.
    if (this.diagnostics.some((x) => x.code === d.code && x.pointer === d.pointer && x.message === d.message)) return;
    this.diagnostics.push(d);
  }

  /** A CWS504 warning at the key of a field that is not carried over. */
  dropped(path: Path, message: string, hint: string): void {
    this.report("CWS504", path, message, hint, true);
  }

  /** A CWS504 warning for every key of the mapping at `path` that the importer does not map. */
  dropOthers(path: Path, known: readonly string[], hint: string): void {
    for (const key of this.keys(path)) {
      if (!known.includes(key)) this.dropped([...path, key], `${fieldName([...path, key])} is not carried over`, hint);
    }
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }

  value(path: Path): unknown {
    let cur: unknown = this.root;
    for (const seg of path) {
      if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
      else if (isRecord(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
      else return undefined;
    }
    return cur;
  }

  /** True when the key is present with a non-null value (Go treats null as the zero value). */
  has(path: Path): boolean {
    const v = this.value(path);
    return v !== undefined && v !== null;
  }

  private wrongType(path: Path, expected: string, value: unknown): undefined {
    this.report(
      "CWS502",
      path,
      `${fieldName(path)} must be ${expected}, not ${describe(value)}`,
      `CloudWorkstation itself cannot load this file; write ${expected} here`,
    );
    return undefined;
  }

  /**
   * A string field. Like yaml.v3 decoding into a Go string, any scalar is accepted as its
   * source text, so `version: 1.0` is "1.0" (not the number 1) and `gpu: true` is "true".
   */
  string(path: Path): string | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") {
      const at = this.origin(path);
      return at.yaml.rawScalar(at.path) ?? String(v);
    }
    return this.wrongType(path, "a string", v);
  }

  integer(path: Path): number | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) return v;
    return this.wrongType(path, "a whole number", v);
  }

  number(path: Path): number | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    return this.wrongType(path, "a number", v);
  }

  boolean(path: Path): boolean | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean") return v;
    // gopkg.in/yaml.v3 still reads YAML 1.1 booleans (yes/no, on/off, y/n) into a Go bool field
    // (decode.go, "compatibility with the 1.1 spec"); the yaml package reads them as strings.
    if (typeof v === "string" && v in YAML11_BOOLEANS) {
      const value = YAML11_BOOLEANS[v] as boolean;
      this.report(
        "CWS504",
        path,
        `${fieldName(path)}: "${v}" is read as ${value}, as CloudWorkstation's Go YAML loader does`,
        `write ${value}; YAML 1.2 readers (and the marketplace) take "${v}" as text`,
      );
      return value;
    }
    return this.wrongType(path, "true or false", v);
  }

  record(path: Path): Record<string, unknown> | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (isRecord(v)) return v;
    return this.wrongType(path, "a mapping", v);
  }

  list(path: Path): unknown[] | undefined {
    const v = this.value(path);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    return this.wrongType(path, "a list", v);
  }

  /** A list of strings; bad items are reported and skipped, null items ignored. */
  strings(path: Path): string[] | undefined {
    const items = this.list(path);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((_, i) => {
      const s = this.string([...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** Keys of a mapping, in source order. */
  keys(path: Path): string[] {
    const r = path.length === 0 ? this.root : this.record(path);
    return r ? Object.keys(r) : [];
  }
}

export interface Loaded {
  source?: Source;
  diagnostics: Diagnostic[];
}

/** Parses the text; returns a Source only when it is one YAML mapping, else the reasons. */
export function loadSource(text: string, file: string): Loaded {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_SOURCE_BYTES) {
    const message = `file is ${bytes} bytes; templates to import are limited to ${MAX_SOURCE_BYTES} bytes (1 MiB)`;
    return { diagnostics: [diagnostic("CWS007", fileLocation(file), message, "a CloudWorkstation template is a few KiB; check that this is the right file")] };
  }
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const doc = docs[0] ?? parseDocument("", { lineCounter: new LineCounter() });
  if (doc.errors.length > 0) {
    return {
      // One error per line: later errors on a line are usually the parser recovering from the first.
      diagnostics: doc.errors
        .filter((e, i, all) => all.findIndex((x) => lines.linePos(x.pos[0]).line === lines.linePos(e.pos[0]).line) === i)
        .slice(0, 10)
        .map((e) => {
          const pos = lines.linePos(e.pos[0]);
          const message = `YAML syntax error: ${e.message.split("\n")[0] ?? e.code}`;
          const hint =
            e.code === "DUPLICATE_KEY"
              ? "remove one of the repeated keys; CloudWorkstation refuses duplicate keys too"
              : "fix the YAML syntax at this position (indent with spaces, close quotes and brackets)";
          return diagnostic("CWS501", { file, line: pos.line, column: pos.col, pointer: "" }, message, hint);
        }),
    };
  }
  const notes: Diagnostic[] = [];
  const second = docs[1];
  if (second) {
    // yaml.Unmarshal (gopkg.in/yaml.v3, as pkg/templates/parser.go calls it) decodes the first
    // document and never reads the rest, so CloudWorkstation launches such a file; do the same.
    const pos = lines.linePos(second.range[0]);
    notes.push(
      diagnostic(
        "CWS504",
        { file, line: pos.line, column: pos.col, pointer: "" },
        `only the first YAML document is imported; the ${docs.length - 1} after the \`---\` here ${docs.length === 2 ? "is" : "are"} ignored, as CloudWorkstation ignores them`,
        "a CloudWorkstation template is a single document; move the other documents to their own files or delete them",
      ),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const message = `YAML aliases expand too far: ${(error as Error).message}`;
    return { diagnostics: [diagnostic("CWS501", fileLocation(file), message, "write the values out instead of nesting *aliases of aliases")] };
  }
  const start = lines.linePos(doc.contents?.range?.[0] ?? 0);
  const at: Location = { file, line: start.line, column: start.col, pointer: "" };
  if (data === null || data === undefined) {
    return { diagnostics: [diagnostic("CWS502", at, "file is empty", "a CloudWorkstation template is a mapping with at least name, description and base")] };
  }
  if (!isRecord(data) || !isMap(doc.contents)) {
    const message = `top level is ${describe(data)}, not a mapping of template fields`;
    return { diagnostics: [diagnostic("CWS502", at, message, "a CloudWorkstation template is a mapping with at least name, description and base")] };
  }
  const source = new Source(file, new YamlFile(file, doc, lines), data);
  source.diagnostics.push(...notes);
  return { source, diagnostics: [] };
}
