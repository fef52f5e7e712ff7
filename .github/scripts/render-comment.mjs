// Renders validate.yml's JSON report as a pull-request comment. Runs in comment.yml without a
// checkout of the pull request, so it is the only code there; the report was written by the
// pull request's workflow run, so every value in it is untrusted data.
//   node render-comment.mjs <validation.json>
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { escapeMarkdown as esc } from "./markdown-escape.mjs";

const count = (n) => (Number.isSafeInteger(n) && n >= 0 ? String(n) : "?");

/** The comment's markdown for a parsed report (any JSON value). */
export function renderComment(report) {
  const summary = report?.summary ?? {};
  const diagnostics = Array.isArray(report?.diagnostics) ? report.diagnostics : [];
  const errors = count(summary.errors);
  const lines = [
    `### Template validation: ${errors === "0" ? "✅" : "❌"} ${errors} error(s), ${count(summary.warnings)} warning(s) in ${count(summary.templates)} template(s)`,
    "",
  ];
  const rows = diagnostics.slice(0, 50);
  if (rows.length) {
    lines.push("| Where | Rule | Problem | How to fix |", "|---|---|---|---|");
    for (const d of rows) {
      const where = esc(`${d?.file ?? ""}:${d?.line ?? ""}:${d?.column ?? ""}`);
      const problem = esc(`${d?.pointer ? `${d.pointer}: ` : ""}${d?.message ?? ""}`);
      lines.push(`| ${where} | ${esc(d?.code ?? "", 16)} | ${problem} | ${esc(d?.hint ?? "")} |`);
    }
  }
  if (diagnostics.length > rows.length) lines.push("", `…and ${diagnostics.length - rows.length} more; see the workflow annotations.`);
  lines.push("", "Rule codes are explained in docs/rules.md. Run `npm run validate` locally to see the same results.");
  return lines.join("\n");
}

// Run as a script (node resolves the main module through links, so compare real paths).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  let report;
  try {
    report = JSON.parse(readFileSync(process.argv[2], "utf8"));
  } catch {
    console.log("Validation did not produce a report; see the workflow logs.");
    process.exit(0);
  }
  console.log(renderComment(report));
}
