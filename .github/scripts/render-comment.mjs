// Renders validate.yml's JSON report as a pull-request comment. Runs in comment.yml without a
// checkout of the pull request, so it is the only code there; it treats the report as data.
import { readFileSync } from "node:fs";

const esc = (text) =>
  String(text)
    .replace(/[<>&|`]/g, (c) => `&#${c.charCodeAt(0)};`)
    .slice(0, 500);
let report;
try {
  report = JSON.parse(readFileSync(process.argv[2], "utf8"));
} catch {
  console.log("Validation did not produce a report; see the workflow logs.");
  process.exit(0);
}
const { errors = 0, warnings = 0, templates = 0 } = report.summary ?? {};
const lines = [`### Template validation: ${errors ? "❌" : "✅"} ${errors} error(s), ${warnings} warning(s) in ${templates} template(s)`, ""];
const rows = (report.diagnostics ?? []).slice(0, 50);
if (rows.length) {
  lines.push("| Where | Rule | Problem | How to fix |", "|---|---|---|---|");
  for (const d of rows) {
    lines.push(`| ${esc(`${d.file}:${d.line}:${d.column}`)} | ${esc(d.code)} | ${esc(`${d.pointer ? `${d.pointer}: ` : ""}${d.message}`)} | ${esc(d.hint)} |`);
  }
}
if ((report.diagnostics ?? []).length > rows.length) lines.push("", `…and ${report.diagnostics.length - rows.length} more; see the workflow annotations.`);
lines.push("", "Rule codes are explained in docs/rules.md. Run `npm run validate` locally to see the same results.");
console.log(lines.join("\n"));
