import { printable } from "../util/printable.js";
import type { Diagnostic } from "./diagnostic.js";
import { RULES, type RuleCode } from "./rules.js";
import { type Report, summaryLine } from "./summary.js";

export interface TextOptions {
  color: boolean;
}

const paint = (on: boolean, code: string, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** One line per problem, `path:line:col CODE pointer: message (hint)`, then the summary. */
export function formatText(report: Report, options: TextOptions): string {
  const lines = report.diagnostics.map((d) => formatDiagnostic(d, options));
  lines.push(paint(options.color, "1", summaryLine(report)));
  return `${lines.join("\n")}\n`;
}

export function formatDiagnostic(d: Diagnostic, { color }: TextOptions): string {
  const where = paint(color, "2", `${printable(d.file)}:${d.line}:${d.column}`);
  const code = paint(color, d.severity === "error" ? "31" : "33", d.code);
  const name = RULES[d.code as RuleCode]?.name;
  // Messages quote template text, which may hold the very control characters a rule found.
  const pointer = d.pointer ? `${paint(color, "36", printable(d.pointer))}: ` : "";
  const hint = d.hint ? ` ${paint(color, "2", `(${printable(d.hint)})`)}` : "";
  return `${where} ${code}${name ? paint(color, "2", `/${name}`) : ""} ${pointer}${printable(d.message)}${hint}`;
}
