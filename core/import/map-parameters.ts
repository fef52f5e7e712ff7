/**
 * Launch-time parameters. CloudWorkstation has two sources of {{.name}} placeholders:
 * `parameters` (chosen by the launcher) and `variables` (fixed strings). The marketplace only
 * has parameters, so variables become string parameters whose default is the fixed value;
 * that keeps every placeholder declared (rule CWS221) and the default launch identical.
 */
import type { Parameter } from "../types/generated.js";
import type { Source } from "./source.js";

type Parameters = Record<string, Parameter>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const TYPES: Record<string, Parameter["type"]> = {
  string: "string",
  str: "string",
  text: "string",
  int: "integer",
  integer: "integer",
  bool: "boolean",
  boolean: "boolean",
  choice: "choice",
  select: "choice",
  enum: "choice",
};
const KEPT = ["type", "description", "default", "choices", "required"];

export function mapParameters(src: Source): Parameters | undefined {
  const out: Parameters = {};
  for (const key of src.keys(["parameters"])) {
    if (!checkName(src, ["parameters", key], key)) continue;
    if (!src.record(["parameters", key])) continue;
    const p = mapOne(src, key);
    if (p) out[key] = p;
  }
  for (const key of src.keys(["variables"])) {
    const at = ["variables", key];
    if (!checkName(src, at, key)) continue;
    if (out[key]) {
      src.dropped(at, `variable "${key}" is also a parameter; the parameter is kept`, "remove one of the two");
      continue;
    }
    const value = src.string(at) ?? "";
    out[key] = { type: "string", description: "Fixed value from the template's variables; change it only if you know why.", default: value };
  }
  const count = Object.keys(out).length;
  if (count > 50)
    src.report(
      "CWS503",
      ["parameters"],
      `${count} parameters and variables; the marketplace allows 50`,
      "write fixed values into the scripts instead of variables",
    );
  return count > 0 ? out : undefined;
}

function checkName(src: Source, at: (string | number)[], key: string): boolean {
  if (NAME.test(key)) return true;
  src.report(
    "CWS503",
    at,
    `"${key}" cannot be a parameter name`,
    "use letters, digits and _, starting with a letter or _ (at most 64 characters), and rename the {{.placeholders}} to match",
    true,
  );
  return false;
}

function mapOne(src: Source, key: string): Parameter | undefined {
  const at = ["parameters", key];
  const rawDefault = src.value([...at, "default"]);
  const choices = src.strings([...at, "choices"]);
  const typeText = src.string([...at, "type"])?.toLowerCase();
  let type: Parameter["type"];
  if (typeText === undefined) {
    // Infer as CloudWorkstation's launcher does from what is given.
    type = choices && choices.length > 0 ? "choice" : typeof rawDefault === "boolean" ? "boolean" : Number.isInteger(rawDefault) ? "integer" : "string";
  } else if (TYPES[typeText]) {
    type = TYPES[typeText];
  } else {
    type = "string";
    src.report(
      "CWS504",
      [...at, "type"],
      `parameter type "${typeText}" has no marketplace equivalent; it becomes string`,
      "the marketplace supports string, integer, boolean and choice",
      true,
    );
  }
  const p: Parameter = { type };
  const description = src.string([...at, "description"])?.trim();
  if (description) p.description = description.length > 500 ? `${description.slice(0, 499)}…` : description;

  if (type === "choice") {
    const list = [...new Set(choices ?? [])];
    if (list.length === 0) {
      src.report(
        "CWS503",
        [...at, "choices"],
        `choice parameter "${key}" lists no choices`,
        "add the allowed values under choices, or make it a string parameter",
      );
      return undefined;
    }
    const long = list.find((c) => c.length > 200);
    if (long !== undefined) {
      src.report("CWS503", [...at, "choices"], "a choice is longer than 200 characters", "shorten the allowed values");
      return undefined;
    }
    const [first, ...rest] = list as [string, ...string[]];
    p.choices = [first, ...rest];
  }

  if (rawDefault !== undefined && rawDefault !== null) {
    const value = defaultFor(src, [...at, "default"], type, rawDefault);
    if (value === undefined) return undefined;
    if (type === "choice" && !p.choices?.includes(String(value))) {
      src.report("CWS503", [...at, "default"], `default "${String(value)}" is not one of the choices`, `use one of: ${p.choices?.join(", ")}`);
      return undefined;
    }
    p.default = value;
  }
  const required = src.boolean([...at, "required"]);
  if (required !== undefined) p.required = required;

  const lost = src.keys(at).filter((k) => !KEPT.includes(k) && k !== "name");
  if (lost.length > 0) {
    const rules = lost.filter((k) => ["pattern", "min", "max"].includes(k));
    const hint =
      rules.length > 0
        ? `the marketplace does not enforce ${rules.join("/")}; say the allowed values in the description`
        : "display settings come from the parameter's name and description in the marketplace";
    src.report("CWS504", at, `parameter "${key}": ${lost.join(", ")} not carried over`, hint, true);
  }
  return p;
}

function defaultFor(src: Source, at: (string | number)[], type: Parameter["type"], raw: unknown): string | number | boolean | undefined {
  const text = src.string(at);
  if (text === undefined) return undefined; // a list or mapping, already reported
  if (type === "boolean") {
    if (typeof raw === "boolean") return raw;
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  } else if (type === "integer") {
    if (/^-?\d+$/.test(text.trim()) && Number.isSafeInteger(Number(text))) return Number(text);
  } else {
    return text;
  }
  src.report(
    "CWS503",
    at,
    `default "${text}" is not ${type === "boolean" ? "true or false" : "a whole number"}`,
    `give the ${type} parameter a default of its type, or change its type`,
  );
  return undefined;
}
