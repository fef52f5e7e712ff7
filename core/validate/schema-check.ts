import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/make.js";
import type { RuleCode } from "../diagnostics/rules.js";
import type { LocatedJson } from "../json/parse-located.js";
import type { ErrorObject } from "../schema/ajv.js";
import { validatorFor } from "../schema/ajv.js";
import { loadSchemas, type SchemaName } from "../schema/schemas.js";
import { didYouMean } from "../util/edit-distance.js";

const RANGE = new Set([
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);
// Wrapper keywords whose failures are already reported by the errors inside them.
const NOISE = new Set(["if", "allOf", "anyOf", "oneOf", "$ref", "propertyNames"]);

/** Validates a parsed document against a schema and turns every ajv error into a located diagnostic. */
export function schemaCheck(schema: SchemaName, json: LocatedJson): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(json.value)) return [];
  return (validate.errors ?? []).filter((e) => !NOISE.has(e.keyword)).map((e) => toDiagnostic(schema, e, json));
}

function toDiagnostic(schema: SchemaName, e: ErrorObject, json: LocatedJson): Diagnostic {
  const path = e.instancePath;
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as { description?: string; properties?: Record<string, { description?: string }> };
  const make = (code: RuleCode, pointer: string, message: string, hint: string, key = false) =>
    diagnostic(code, json.locate(pointer, { key }), message, hint || "see the field's description in the schema");

  switch (e.keyword) {
    case "required": {
      const field = String(params.missingProperty);
      const what = parent.properties?.[field]?.description ?? fieldDescription(field);
      return make("CWS101", path, `missing required field "${field}"`, `add "${field}"${what ? `: ${what}` : ""}`);
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const field = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = Object.keys(parent.properties ?? knownRootFields(schema));
      const guess = didYouMean(field, known);
      return make(
        "CWS102",
        `${path}/${escapePointer(field)}`,
        `unknown field "${field}"`,
        guess || `remove it; allowed fields here: ${known.join(", ")}`,
        true,
      );
    }
    case "type":
      return make("CWS103", path, `must be ${article(String(params.type))}, not ${jsonType(e.data)}`, parent.description ?? "");
    case "enum":
      return make("CWS104", path, `${short(e.data)} is not an allowed value`, `use one of: ${(params.allowedValues as unknown[]).map(String).join(", ")}`);
    case "const":
      return make("CWS104", path, `must be ${JSON.stringify(params.allowedValue)}`, parent.description ?? "");
    case "pattern":
    case "format":
      return make(
        "CWS105",
        path,
        `${short(e.data)} is not ${e.keyword === "format" ? `a valid ${String(params.format)}` : "in the expected format"}`,
        parent.description ?? "",
      );
    default:
      if (RANGE.has(e.keyword)) return make("CWS106", path, `${e.message ?? "is out of range"}`, parent.description ?? "");
      return make("CWS107", path, e.message ?? "does not match the schema", parent.description ?? "");
  }
}

// unevaluatedProperties at a root that only $refs its fields carries no "properties" of its own.
function knownRootFields(schema: SchemaName): Record<string, unknown> {
  const defs = loadSchemas().get("template")?.$defs as { authored?: { properties?: Record<string, unknown> } } | undefined;
  const authored = defs?.authored?.properties ?? {};
  if (schema !== "publishedTemplate") return authored;
  const own = (loadSchemas().get("publishedTemplate")?.properties ?? {}) as Record<string, unknown>;
  return { ...authored, ...own };
}

let descriptions: Map<string, string> | undefined;

// Conditional requirements (if/then) name fields their own schema does not describe; find them elsewhere.
function fieldDescription(field: string): string {
  if (!descriptions) {
    const found = new Map<string, string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [name, def] of Object.entries(props ?? {})) if (def?.description && !found.has(name)) found.set(name, def.description);
      for (const child of Object.values(node)) walk(child);
    };
    for (const schema of loadSchemas().values()) walk(schema);
    descriptions = found;
  }
  return descriptions.get(field) ?? "";
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return article(typeof value);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
