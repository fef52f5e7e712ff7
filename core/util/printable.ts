/**
 * Characters that must not reach a terminal or a review raw: C0 and C1 controls (ESC sequences
 * move the cursor, recolour and retitle; CR and BS overwrite), DEL, and the invisible and
 * bidirectional characters that make text read differently from what it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for.
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, "g");

/** The text with every such character written as a \uXXXX escape, safe to print. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE_ALL, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}
