import type { Diagnostic, Location } from "./diagnostic.js";
import { RULES, type RuleCode } from "./rules.js";

/** Builds a diagnostic whose severity comes from the rule catalogue, so a code never changes severity by accident. */
export function diagnostic(code: RuleCode, at: Location, message: string, hint: string): Diagnostic {
  return { ...at, code, severity: RULES[code].severity, message, hint };
}

/** A location for a whole file, when nothing more precise is known. */
export function fileLocation(file: string, line = 1, column = 1): Location {
  return { file, line, column, pointer: "" };
}
