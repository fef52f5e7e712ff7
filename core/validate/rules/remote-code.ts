import type { RuleCode } from "../../diagnostics/rules.js";

/** A script idiom that runs code nobody reviewed: fetched at boot, or hidden in base64. */
export interface CodeFinding {
  code: RuleCode;
  index: number;
  message: string;
  hint: string;
}

const SUDO = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:[A-Za-z_]\w*=\S*\s+)*)?(?:/\S*/)?`;
const INTERPRETER = "(?:(?:ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node)";
const CODE_FLAG = String.raw`\s+(?:-\S+\s+)*-[A-Za-z]*[ce]`;
const FETCH = String.raw`(?:curl|wget)\b`;
const DECODE = String.raw`(?:base64\s+(?:-\S+\s+)*(?:-d|-D|--decode)\b|openssl\s+(?:enc\s+)?(?:-\S+\s+)*-d\b[^\n|;]*-(?:a|base64)\b|xxd\s+(?:-\S+\s+)*-r\b)`;

/** Each shape that runs what a command prints: piped to, read by, or evaluated by an interpreter. */
function shapes(source: string): RegExp[] {
  return [
    // curl … | sudo bash, wget -O- … | sh
    new RegExp(String.raw`\b${source}[^\n|;]*\|\s*${SUDO}${INTERPRETER}\b`, "g"),
    // bash <(curl …), source <(curl …), . <(curl …)
    new RegExp(String.raw`(?<![\w.-])${SUDO}(?:${INTERPRETER}|source|\.)\s+(?:-\S+\s+)*<\(\s*(?:[^()\n]*\|\s*)?${source}[^)\n]*\)`, "g"),
    // sh -c "$(curl …)", eval "$(curl …)", eval `curl …`
    new RegExp(String.raw`(?<![\w.-])(?:eval|${SUDO}${INTERPRETER}${CODE_FLAG})\s+["']?(?:\$\(|\x60)[^)\x60\n]*\b${source}[^)\x60\n]*`, "g"),
  ];
}

const REMOTE = shapes(FETCH);
const DECODED = shapes(DECODE);
const PLAIN_HTTP = /\bhttp:\/\/(?!(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])[:/])/i;

/** Remote code over http (CWS311) or https (CWS314), and base64-decoded code (CWS315). */
export function codeFindings(script: string): CodeFinding[] {
  const out: CodeFinding[] = [];
  const seen = new Set<number>();
  if (/curl|wget/.test(script)) {
    for (const re of REMOTE) {
      for (const m of script.matchAll(re)) {
        const index = m.index ?? 0;
        if (seen.has(index)) continue;
        seen.add(index);
        if (PLAIN_HTTP.test(m[0])) {
          out.push({
            code: "CWS311",
            index,
            message: "downloads a script over plain http and runs it",
            hint: "use https, and better, download to a file and verify its checksum before running it",
          });
        } else {
          out.push({
            code: "CWS314",
            index,
            message: "runs a downloaded script without checking it: unpinned remote code, which can change after review",
            hint: "download a pinned release to a file, check its sha256 (echo '<sum>  file' | sha256sum -c), then run it",
          });
        }
      }
    }
  }
  if (/base64|openssl|xxd/.test(script)) {
    for (const re of DECODED) {
      for (const m of script.matchAll(re)) {
        const index = m.index ?? 0;
        if (seen.has(index)) continue;
        seen.add(index);
        out.push({
          code: "CWS315",
          index,
          message: "runs base64-decoded text as code, which hides from review what runs",
          hint: "write the commands out in the script; ship data, not code, in encoded form",
        });
      }
    }
  }
  return out;
}
