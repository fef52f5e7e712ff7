// Makes untrusted text (a pull request's validation report) inert inside a GitHub comment's
// table cell: no HTML, no markdown links or images, no autolinked URLs, and no @mentions or
// #references that would notify people or link other issues. Pure; unit-tested in tests/workflows.

// Line breaks and other C0/C1 controls would end the table row; they become spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Invisible and bidi characters could hide or reorder what a reviewer reads; they are dropped.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Punctuation that builds HTML, links, images, emphasis, code, math or table cells. A numeric
// character reference is always literal text in GitHub's markdown.
const SYNTAX = /[&<>"'`*_[\]()!|~\\{}$#]/g;
const ZWSP = "\u200b";

/** Escapes `text` for one cell of a markdown table, keeping at most `max` characters of it. */
export function escapeMarkdown(text, max = 500) {
  const plain = Array.from(String(text ?? ""))
    .slice(0, max)
    .join("")
    .replace(CONTROLS, " ")
    .replace(INVISIBLE, "");
  // GitHub finds mentions, references and bare URLs in the rendered text, after character
  // references are decoded, so these are broken with a zero-width space instead.
  const inert = plain
    .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, `$1${ZWSP}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
  return inert.replace(SYNTAX, (c) => `&#${c.charCodeAt(0)};`);
}
