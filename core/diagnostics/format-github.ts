import { printable } from "../util/printable.js";
import { type Report, summaryLine } from "./summary.js";

/** GitHub Actions workflow commands, so problems show up as annotations on the pull request diff. */
export function formatGithub(report: Report): string {
  const lines = report.diagnostics.map((d) => {
    const props = [`file=${prop(d.file)}`, `line=${d.line}`, `col=${d.column}`, `title=${prop(`${d.code}${d.pointer ? ` ${d.pointer}` : ""}`)}`];
    return `::${d.severity} ${props.join(",")}::${data(`${d.message}${d.hint ? ` (${d.hint})` : ""}`)}`;
  });
  lines.push(summaryLine(report));
  return `${lines.join("\n")}\n`;
}

// Escaping rules from the Actions toolkit: data escapes % CR LF; properties also : and ,.
// Other control characters would reach the log raw (it renders ANSI), so they become \u escapes.
function data(text: string): string {
  return printable(text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

function prop(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
