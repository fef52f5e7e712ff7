import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { RULES } from "../../core/diagnostics/rules.js";
import { validateRegistry } from "../../core/validate/validate-registry.js";
import { CORPUS, snapshotOf } from "../helpers/corpus.js";

const BASE = join(CORPUS, "base");
const T = "templates/example-workstation/template.json";
const baseFiles = new Map<string, Uint8Array>(
  [
    "categories.json",
    "featured.json",
    T,
    "templates/example-workstation/README.md",
    "templates/parent-stack/template.json",
    "templates/parent-stack/README.md",
  ].map((p) => [p, new Uint8Array(readFileSync(join(BASE, p)))]),
);
const baseText = readFileSync(join(BASE, T), "utf8");
const baseDoc = JSON.parse(baseText) as Record<string, unknown>;

// Not a speed target (those live in npm run bench): a bound that only catastrophic
// backtracking or a quadratic blow-up would cross on documents this small, even on a loaded
// machine. The first validation (schema compilation) is done before any is timed.
const PATHOLOGICAL_MS = 5_000;
validateRegistry(snapshotOf(new Map(baseFiles)));

function validateTemplateBytes(bytes: Uint8Array): Diagnostic[] {
  const files = new Map(baseFiles);
  files.set(T, bytes);
  const started = performance.now();
  const { diagnostics } = validateRegistry(snapshotOf(files));
  expect(performance.now() - started).toBeLessThan(PATHOLOGICAL_MS);
  for (const d of diagnostics) {
    expect(Object.keys(RULES)).toContain(d.code);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
  return diagnostics;
}

/** Every pointer into a JSON value, so mutations can target any depth. */
function pointers(value: unknown, at = ""): string[] {
  if (!value || typeof value !== "object") return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [at, ...keys.flatMap((k) => pointers((value as Record<string, unknown>)[k], `${at}/${k}`))];
}
const allPointers = pointers(baseDoc).filter(Boolean);

function valueAt(doc: unknown, pointer: string): unknown {
  return pointer
    .slice(1)
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function setAt(doc: unknown, pointer: string, value: unknown, remove: boolean): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const parts = pointer.slice(1).split("/");
  const last = parts.pop() ?? "";
  let node = copy as Record<string, unknown>;
  for (const p of parts) node = node[p] as Record<string, unknown>;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

describe("validator fuzzing", () => {
  it("never throws on byte-level mutations of a real template", () => {
    const bytes = new TextEncoder().encode(baseText);
    const edit = fc.record({ at: fc.nat({ max: bytes.length }), cut: fc.nat({ max: 40 }), insert: fc.uint8Array({ maxLength: 12 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let out = bytes;
        for (const e of edits) out = new Uint8Array([...out.subarray(0, e.at), ...e.insert, ...out.subarray(e.at + e.cut)]);
        validateTemplateBytes(out);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on structural mutations, and flags every change of a value's type", () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPointers), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (pointer, value, remove) => {
        const doc = setAt(baseDoc, pointer, value, remove);
        const diagnostics = validateTemplateBytes(new TextEncoder().encode(JSON.stringify(doc, null, 2)));
        // Every field in the base has exactly one allowed JSON type (parameter defaults aside),
        // so a value of another type must always be reported, and at that pointer.
        const before = jsonType(valueAt(baseDoc, pointer));
        if (!remove && jsonType(value) !== before && !/\/default$/.test(pointer) && !(before === "number" && jsonType(value) === "integer")) {
          expect(diagnostics.some((d) => d.pointer === pointer || pointer.startsWith(`${d.pointer}/`))).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("stays bounded on adversarial script text", () => {
    const adversarial = [
      `curl ${"a ".repeat(20_000)}`,
      `chmod ${"7".repeat(30_000)}`,
      `${"{{.".repeat(10_000)}`,
      `aws_secret_access_key=${"A".repeat(16_000)}`,
      `-----BEGIN ${"RSA ".repeat(8_000)}`,
      `curl http://${"x".repeat(15_000)} ${"| ".repeat(5_000)}`,
    ];
    for (const script of adversarial) {
      const doc = setAt(baseDoc, "/environment/post_install", script, false);
      validateTemplateBytes(new TextEncoder().encode(JSON.stringify(doc)));
    }
  });
});
