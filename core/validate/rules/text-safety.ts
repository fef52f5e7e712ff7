import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/make.js";
import { LineIndex } from "../../json/line-index.js";
import type { CheckedTemplate } from "../context.js";

// Characters that make text read differently from what it is: bidirectional controls and marks
// (the "Trojan Source" reordering), zero-width and invisible characters, and NUL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for.
const HIDDEN = /[\u0000\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
// Characters a terminal acts on (ESC starts escape sequences that move the cursor, recolour or
// retitle; CR and BS overwrite; BEL rings): C0 except tab and newline, DEL and C1.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for.
const CONTROL = /[\u0001-\u0008\u000b-\u001f\u007f-\u009f]/;
const LINE_BREAKS = /[\t\n]/;
// Fields that hold several lines (scripts, prose); everywhere else a tab or newline would break
// the CLI's one-line-per-row output.
const MULTILINE =
  /^\/(?:environment\/(?:user_data|post_install)|validation_tests\/\d+\/(?:command|expect_output)|description|changelog\/\d+\/changes\/\d+\/description|environment\/parameters\/[^/]+\/description|publication\/maintenance\/reason)$/;
const TABS_ALLOWED = /^\/environment\/services\/\d+\/config\/\d+$/;

const NAMES: Record<number, string> = {
  0: "NUL",
  7: "BEL",
  8: "BACKSPACE",
  9: "TAB",
  10: "LINE FEED",
  13: "CARRIAGE RETURN",
  27: "ESC",
  127: "DEL",
  155: "CSI",
  1564: "ARABIC LETTER MARK",
  6158: "MONGOLIAN VOWEL SEPARATOR",
  8203: "ZERO WIDTH SPACE",
  8204: "ZERO WIDTH NON-JOINER",
  8205: "ZERO WIDTH JOINER",
  8206: "LEFT-TO-RIGHT MARK",
  8207: "RIGHT-TO-LEFT MARK",
  8234: "LEFT-TO-RIGHT EMBEDDING",
  8235: "RIGHT-TO-LEFT EMBEDDING",
  8236: "POP DIRECTIONAL FORMATTING",
  8237: "LEFT-TO-RIGHT OVERRIDE",
  8238: "RIGHT-TO-LEFT OVERRIDE",
  8288: "WORD JOINER",
  8294: "LEFT-TO-RIGHT ISOLATE",
  8295: "RIGHT-TO-LEFT ISOLATE",
  8296: "FIRST STRONG ISOLATE",
  8297: "POP DIRECTIONAL ISOLATE",
  65279: "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
};

/** The character's code point and name, never the character itself: the message is printed too. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const name = NAMES[cp] ?? (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? "control character" : "invisible character");
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} (${name})`;
}

export interface TextProblem {
  code: "CWS303" | "CWS304";
  index: number;
  message: string;
  hint: string;
}

/** What is wrong with one string at `pointer`, at most one problem of each kind. */
export function textProblems(text: string, pointer: () => string, what: () => string): TextProblem[] {
  const out: TextProblem[] = [];
  const hidden = HIDDEN.exec(text);
  if (hidden) {
    out.push({
      code: "CWS303",
      index: hidden.index,
      message: `${what()} contains ${describeChar(hidden[0])}, which hides or reorders text, so it does not read as it is`,
      hint: "delete the character (it is invisible in most editors; search for the code point)",
    });
  }
  const control = CONTROL.exec(text);
  let bad = control ?? undefined;
  if (!bad && LINE_BREAKS.test(text)) {
    const p = pointer();
    if (!MULTILINE.test(p)) bad = (TABS_ALLOWED.test(p) ? /\n/ : LINE_BREAKS).exec(text) ?? undefined;
  }
  if (bad) {
    out.push({
      code: "CWS304",
      index: bad.index,
      message: `${what()} contains ${describeChar(bad[0])}, which a terminal would act on when the CLI prints it`,
      hint: bad[0] === "\r" ? "save the file with LF line endings, and remove the character" : "remove the character; write the text on one line",
    });
  }
  return out;
}

/** README headings are the documentation's titles: checked like the template's own text. */
export function headingProblems(c: CheckedTemplate): Diagnostic[] {
  const docs = c.unit.docs;
  if (!docs?.text || !(HIDDEN.test(docs.text) || CONTROL.test(docs.text))) return [];
  const out: Diagnostic[] = [];
  const lines = new LineIndex(docs.text);
  for (const m of docs.text.matchAll(/^ {0,3}#{1,6}(?: [^\n]*)?$/gm)) {
    for (const p of textProblems(
      m[0],
      () => "",
      () => "README heading",
    )) {
      out.push(diagnostic(p.code, { file: docs.file, pointer: "", ...lines.position((m.index ?? 0) + p.index) }, p.message, p.hint));
    }
  }
  return out;
}
