/**
 * OLPC canonical JSON, the form TUF signs (http://wiki.laptop.org/go/Canonical_JSON): keys sorted
 * by UTF-16 code units, no whitespace, integers only, and only backslash and double quote
 * escaped in strings. It mirrors @tufjs/canonical-json byte for byte, because clients verify our
 * signatures over their own canonicalization of the parsed file.
 *
 * We do not sign through @tufjs/models: its toJSON rebuilds maps with object spread in a reduce,
 * which is quadratic (5,000 targets took over 5 s, 20,000 over 100 s).
 */
export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join("");
}

function write(value: unknown, parts: string[]): void {
  if (typeof value === "string") {
    parts.push(quote(value));
  } else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON allows only integers, got ${value}`);
    parts.push(String(value));
  } else if (typeof value === "boolean" || value === null) {
    parts.push(String(value));
  } else if (Array.isArray(value)) {
    parts.push("[");
    value.forEach((item, i) => {
      if (i > 0) parts.push(",");
      write(item, parts);
    });
    parts.push("]");
  } else if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    parts.push("{");
    Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .forEach((key, i) => {
        if (i > 0) parts.push(",");
        parts.push(quote(key), ":");
        write(record[key], parts);
      });
    parts.push("}");
  } else {
    throw new TypeError(`cannot canonicalize a ${typeof value}`);
  }
}

function quote(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
