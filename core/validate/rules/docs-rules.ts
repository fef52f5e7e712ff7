import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../../diagnostics/make.js";
import { LineIndex } from "../../json/line-index.js";
import type { CheckedTemplate } from "../context.js";

const MIN_DOC_CHARS = 200;
// Markdown links and autolinks, plus bare URLs; loopback addresses are instructions, not links.
const LINK = /\]\(\s*<?([a-z][a-z0-9+.-]*:[^)\s>]*)|<([a-z][a-z0-9+.-]*:[^>\s]+)>|\b(http:\/\/[^\s)>\]"']+)/gi;
const LOOPBACK = /^http:\/\/(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])(?::\d+)?(?:[/?#]|$)/i;
const ALLOWED_SCHEMES = new Set(["https", "mailto"]);

/** README.md exists, says something real, and links only over https (or mailto). */
export function docsRules(c: CheckedTemplate): Diagnostic[] {
  const docs = c.unit.docs;
  const readme = `${c.unit.dir}/README.md`;
  if (!docs) {
    return [diagnostic("CWS215", fileLocation(readme), "template has no README.md", "document what is installed, how to connect and a first example")];
  }
  if (docs.text === undefined) return [];
  const prose = docs.text.replace(/^#.*$/gm, "").replace(/\s+/g, " ").trim();
  const out: Diagnostic[] = [];
  if (prose.length < MIN_DOC_CHARS) {
    out.push(
      diagnostic(
        "CWS215",
        fileLocation(docs.file),
        `README.md has only ${prose.length} characters of text`,
        `write at least ${MIN_DOC_CHARS}: what is installed, how to connect and a first example`,
      ),
    );
  }
  let lines: LineIndex | undefined;
  for (const m of docs.text.matchAll(LINK)) {
    const url = m[1] ?? m[2] ?? m[3] ?? "";
    const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
    if (ALLOWED_SCHEMES.has(scheme) || LOOPBACK.test(url)) continue;
    lines ??= new LineIndex(docs.text);
    const { line, column } = lines.position((m.index ?? 0) + m[0].indexOf(url));
    const hint = scheme === "http" ? `use ${url.replace(/^http:/i, "https:")}` : "links may use only https or mailto";
    out.push(diagnostic("CWS216", { file: docs.file, line, column, pointer: "" }, `link ${truncate(url)} does not use https`, hint));
  }
  return out;
}

function truncate(url: string): string {
  return url.length > 80 ? `${url.slice(0, 77)}...` : url;
}
