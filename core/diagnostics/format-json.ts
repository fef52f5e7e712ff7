import { countBySeverity } from "./diagnostic.js";
import type { Report } from "./summary.js";

/** Machine-readable report; `version` changes only when a field is removed or changes meaning. */
export function formatJson(report: Report): string {
  const { error, warning } = countBySeverity(report.diagnostics);
  const summary = { templates: report.templates, errors: error, warnings: warning, ...(report.base ? { base: report.base } : {}) };
  return `${JSON.stringify({ version: 1, summary, diagnostics: report.diagnostics }, null, 2)}\n`;
}
