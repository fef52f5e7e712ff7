import type { FieldError } from "../../core/types/generated.js";

/**
 * Code points no request body may carry in any string (or object key): NUL and the other C0
 * controls except tab, line feed and carriage return, DEL and the C1 controls (terminal escapes),
 * lone surrogates (not Unicode text at all; JSON lets them in as \ud800 escapes), and
 * noncharacters. With the u flag, [\uD800-\uDFFF] matches only unpaired surrogates.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/u;

/** Why a string is not acceptable text, or undefined when it is. */
export function textProblem(text: string): string | undefined {
  const m = FORBIDDEN.exec(text);
  if (!m) return undefined;
  const unit = m[0].charCodeAt(0);
  const at = `at character ${m.index + 1}`;
  const hex = unit.toString(16).toUpperCase().padStart(4, "0");
  if (unit === 0) return `contains NUL (U+0000) ${at}`;
  if (unit >= 0xd800 && unit <= 0xdfff) return `contains a lone surrogate (U+${hex}) ${at}, which is not Unicode text`;
  if (unit >= 0xfdd0) return `contains the noncharacter U+${hex} ${at}`;
  return `contains the control character U+${hex} ${at}`;
}

/** The schemas' pattern for text that must not be blank: a character other than whitespace or zero-width space. */
export const VISIBLE_PATTERN = "[^\\s\\u200b-\\u200d\\u2060]";

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** Field errors for every string (and key) of a parsed JSON body that textProblem refuses. */
export function invalidTextErrors(value: unknown, pointer = ""): FieldError[] {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? [{ in: "body", pointer, message: problem, keyword: "text" }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => invalidTextErrors(v, `${pointer}/${i}`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => {
      const here = `${pointer}/${escapePointer(k)}`;
      const key = textProblem(k);
      return [...(key ? [{ in: "body" as const, pointer: here, message: `has a name that ${key}`, keyword: "text" }] : []), ...invalidTextErrors(v, here)];
    });
  return [];
}
