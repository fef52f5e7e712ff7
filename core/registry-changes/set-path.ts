import { publishError } from "./files.js";

/** One `--set path=value` or `--unset path`, parsed. */
export interface FieldEdit {
  path: string;
  /** The segments: object keys, array indexes, or "-" to append to an array. */
  segments: (string | number)[];
  /** undefined removes the field. */
  value?: unknown;
}

/** Fields the operations manage themselves; editing them by hand would break the registry's rules. */
const MANAGED: Record<string, string> = {
  template_id: "template ids never change; fork the template to give it a new id",
  version: "use --bump patch|minor|major or --new-version <x.y.z>",
  changelog: "use --note to add to the changelog entry of this update",
  forked_from: "lineage is recorded by `cws marketplace fork`",
  $schema: "the $schema reference is fixed",
};

const UNSAFE = new Set(["__proto__", "prototype", "constructor"]);

/**
 * Parses a field path: dotted keys with [n] indexes (environment.packages.conda[0]), or an RFC
 * 6901 JSON pointer (/environment/packages/conda/0). "[]" or "/-" appends to an array.
 */
export function parsePath(path: string): (string | number)[] {
  const trimmed = path.trim();
  if (trimmed === "") throw badPath(path, "the path is empty");
  let segments: string[];
  if (trimmed.startsWith("/")) {
    segments = trimmed
      .slice(1)
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  } else {
    segments = [];
    for (const part of trimmed.split(".")) {
      const m = /^([^[\]]*)((?:\[\d*\])*)$/.exec(part);
      if (!m) throw badPath(path, `cannot read "${part}"`);
      if (m[1]) segments.push(m[1]);
      else if (!m[2]) throw badPath(path, "a path segment is empty");
      for (const index of (m[2] ?? "").match(/\[\d*\]/g) ?? []) segments.push(index === "[]" ? "-" : index.slice(1, -1));
    }
  }
  return segments.map((s) => {
    if (s === "") throw badPath(path, "a path segment is empty");
    if (UNSAFE.has(s)) throw badPath(path, `"${s}" is not a field`);
    return /^\d+$/.test(s) ? Number(s) : s;
  });
}

/** `path=value`: the value is JSON when it parses as JSON (numbers, true, [..], {..}, "quoted"), else the text itself. */
export function parseSet(expression: string): FieldEdit {
  const eq = expression.indexOf("=");
  if (eq <= 0)
    throw publishError(
      "BAD_SET",
      `--set ${expression} is not path=value`,
      'write e.g. --set environment.instance_defaults.root_volume_gb=100 or --set tags=["a","b"]',
    );
  const path = expression.slice(0, eq);
  const raw = expression.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Plain text, such as a description or an instance type.
  }
  if (value === null) throw publishError("BAD_SET", `--set ${path}=null: the registry has no null values`, `remove the field with --unset ${path}`);
  return { path, segments: checkManaged(path, parsePath(path)), value };
}

export function parseUnset(path: string): FieldEdit {
  return { path, segments: checkManaged(path, parsePath(path)) };
}

function checkManaged(path: string, segments: (string | number)[]): (string | number)[] {
  const top = segments[0];
  if (typeof top === "string" && MANAGED[top]) throw publishError("MANAGED_FIELD", `${path} cannot be set directly`, MANAGED[top] ?? "");
  return segments;
}

/** Applies the edit to a JSON document in place, creating objects on the way; returns whether anything changed. */
export function applyEdit(doc: Record<string, unknown>, edit: FieldEdit): boolean {
  let node: unknown = doc;
  const { segments } = edit;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i] as string | number;
    const container = node as Record<string | number, unknown>;
    if (Array.isArray(node)) {
      if (typeof seg !== "number" || seg >= node.length) throw badPath(edit.path, `${describe(segments, i)} has no item ${String(seg)}`);
    } else if (!isObject(node)) throw badPath(edit.path, `${describe(segments, i)} is not an object`);
    let next = container[seg];
    if (next === undefined) {
      if (edit.value === undefined) return false; // Removing something already absent.
      next = typeof segments[i + 1] === "number" || segments[i + 1] === "-" ? [] : {};
      container[seg] = next;
    }
    node = next;
  }
  const last = segments[segments.length - 1] as string | number;
  if (Array.isArray(node)) {
    if (last === "-") {
      if (edit.value === undefined) throw badPath(edit.path, "cannot remove the end of a list");
      node.push(edit.value);
      return true;
    }
    if (typeof last !== "number" || last > node.length || (edit.value === undefined && last >= node.length)) {
      throw badPath(edit.path, `${describe(segments, segments.length - 1)} has ${node.length} items`);
    }
    if (edit.value === undefined) {
      node.splice(last, 1);
      return true;
    }
    const changed = JSON.stringify(node[last]) !== JSON.stringify(edit.value);
    node[last] = edit.value;
    return changed;
  }
  if (!isObject(node)) throw badPath(edit.path, `${describe(segments, segments.length - 1)} is not an object`);
  const key = String(last);
  if (edit.value === undefined) {
    if (!(key in node)) return false;
    delete node[key];
    return true;
  }
  const changed = JSON.stringify(node[key]) !== JSON.stringify(edit.value);
  node[key] = edit.value;
  return changed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(segments: (string | number)[], upTo: number): string {
  const shown = segments.slice(0, upTo).map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`));
  return shown.join("") || "the template";
}

function badPath(path: string, why: string) {
  return publishError("BAD_SET", `cannot edit ${path}: ${why}`, "write dotted field names with [n] for list items, e.g. environment.packages.conda[0]");
}
