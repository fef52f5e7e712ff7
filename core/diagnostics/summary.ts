import { countBySeverity, type Diagnostic } from "./diagnostic.js";

export interface Report {
  diagnostics: Diagnostic[];
  templates: number;
  /** The base ref the git-aware rules compared against, when they ran. */
  base?: string;
}

export function summaryLine(report: Report): string {
  const { error, warning } = countBySeverity(report.diagnostics);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const scope = `${plural(report.templates, "template")}${report.base ? ` (changes since ${report.base})` : ""}`;
  if (error === 0 && warning === 0) return `✔ ${scope} valid`;
  return `${error ? "✖" : "⚠"} ${plural(error, "error")}, ${plural(warning, "warning")} in ${scope}`;
}
