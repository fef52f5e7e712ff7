import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeText, firstInvalidUtf8 } from "../../core/json/decode-text.js";
import { MAX_DEPTH, parseLocated } from "../../core/json/parse-located.js";

const codes = (text: string) => parseLocated(text, "f.json").diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);

describe("parseLocated", () => {
  it("agrees with JSON.parse on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const parsed = parseLocated(text, "f.json");
        expect(parsed.ok).toBe(true);
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects whatever JSON.parse rejects", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(parseLocated(text, "f.json").ok).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it("locates values, keys and characters inside escaped strings", () => {
    const parsed = parseLocated('{\n  "a": {\n    "b": ["x", "y\\n\\u0041z"]\n  }\n}', "f.json");
    expect(parsed.locate("/a/b/1")).toMatchObject({ line: 3, column: 16 });
    expect(parsed.locate("/a", { key: true })).toMatchObject({ line: 2, column: 3 });
    expect(parsed.locateInString("/a/b/1", 3)).toMatchObject({ line: 3, column: 26 });
    // A pointer that does not exist falls back to its nearest existing ancestor.
    expect(parsed.locate("/a/missing/0")).toMatchObject({ line: 2, column: 8, pointer: "/a/missing/0" });
  });

  it("keeps __proto__ as data", () => {
    const parsed = parseLocated('{"__proto__": {"polluted": true}}', "f.json");
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(Object.keys(parsed.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("explains common mistakes at their position", () => {
    expect(codes('{"a": 1,\n}')).toEqual(["1:8 CWS002"]);
    expect(codes('{"a": 1, "a": 2}')).toEqual(["1:10 CWS003"]);
    expect(codes(`${"[".repeat(MAX_DEPTH + 1)}${"]".repeat(MAX_DEPTH + 1)}`)).toEqual([`1:${MAX_DEPTH + 1} CWS004`]);
    expect(codes(`{"a": "${"x".repeat(70_000)}"}`)).toEqual(["1:7 CWS005"]);
    expect(parseLocated('{"a": 1, "a": 2}', "f").value).toEqual({ a: 2 });
  });

  it("finds the first invalid UTF-8 byte", () => {
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82, 0xac, 0x62]))).toBe(5);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    const decoded = decodeText(new Uint8Array([0x7b, 0x0a, 0x20, 0xff, 0x7d]), "f.json");
    expect(decoded.text).toBeUndefined();
    expect(decoded.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["2:2 CWS001"]);
  });
});
