import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../core/json/parse-json.js";
import { MAX_DEPTH, MAX_STRING_LENGTH, parseLocated } from "../../core/json/parse-located.js";

// parseJson must be indistinguishable from parseLocated: value, verdict, diagnostics and every location.
function expectSame(text: string, pointers: string[] = [""]): void {
  const fast = parseJson(text, "f.json");
  const slow = parseLocated(text, "f.json");
  expect(fast.ok).toBe(slow.ok);
  expect(fast.value).toEqual(slow.value);
  expect(fast.diagnostics).toEqual(slow.diagnostics);
  for (const p of pointers) {
    expect(fast.locate(p)).toEqual(slow.locate(p));
    expect(fast.locate(p, { key: true })).toEqual(slow.locate(p, { key: true }));
  }
}

describe("parseJson", () => {
  it("agrees with parseLocated on any JSON value, including where each value is", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const pointers = value && typeof value === "object" ? Object.keys(value).map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`) : [];
        expectSame(text, ["", ...pointers, "/missing/deeper"]);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with parseLocated on arbitrary and broken text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => expectSame(text)),
      { numRuns: 2000 },
    );
  });

  it("reports duplicate keys that JSON.parse silently merges, at the second key", () => {
    const text = '{\n  "a": 1,\n  "b": {"x": "\\": not a key", "x": 2},\n  "a": 3\n}';
    expect(parseJson(text, "f.json").diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.pointer}`)).toEqual(["3:31 CWS003 /b/x", "4:3 CWS003 /a"]);
    expectSame(text, ["/a", "/b/x"]);
  });

  it("does not mistake a colon inside a string for a key", () => {
    expectSame('["x", ":", "y\\":"]');
    expectSame('{"k": "a", ":x": 1, "q\\"": ":"}', ["/k", "/:x"]);
  });

  it("reports what JSON.parse accepts but the validator refuses: deep nesting and huge strings", () => {
    const deep = `${"[".repeat(MAX_DEPTH + 1)}${"]".repeat(MAX_DEPTH + 1)}`;
    expect(parseJson(deep, "f.json").diagnostics.map((d) => d.code)).toEqual(["CWS004"]);
    expectSame(deep);
    const justDeepEnough = `${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}`;
    expectSame(justDeepEnough);
    const long = JSON.stringify({ a: "x".repeat(MAX_STRING_LENGTH + 1), ["k".repeat(MAX_STRING_LENGTH + 1)]: 1 });
    expect(parseJson(long, "f.json").diagnostics.map((d) => d.code)).toEqual(["CWS005", "CWS005"]);
    expectSame(long, ["/a"]);
  });

  it("keeps a __proto__ key as data", () => {
    const parsed = parseJson('{"__proto__": {"polluted": true}}', "f.json");
    expect(Object.keys(parsed.value as object)).toEqual(["__proto__"]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expectSame('{"__proto__": 1, "__proto__": 2}');
  });
});
