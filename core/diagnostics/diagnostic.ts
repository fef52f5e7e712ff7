export type Severity = "error" | "warning";

/** Where a problem is: a file relative to the repository root, a 1-based line and column, and a JSON pointer. */
export interface Location {
  file: string;
  line: number;
  column: number;
  /** RFC 6901 pointer into the JSON document; "" for the whole document or for non-JSON files. */
  pointer: string;
}

/** One problem found by a check. Codes are stable and documented in docs/rules.md. */
export interface Diagnostic extends Location {
  code: string;
  severity: Severity;
  message: string;
  hint: string;
}

const order: Record<Severity, number> = { error: 0, warning: 1 };

/** Errors first, then warnings; within each, by file, line and column so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => order[a.severity] - order[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

export function countBySeverity(list: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0 };
  for (const d of list) counts[d.severity] += 1;
  return counts;
}
