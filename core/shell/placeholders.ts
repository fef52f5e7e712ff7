import { quote } from "./quote.js";

/**
 * `{{.name}}` placeholders in templates. In a script (user_data, post_install) each one becomes
 * one single-quoted shell word, so no value can turn into a command; templates therefore write
 * placeholders unquoted (`REF={{.ref}}`), which the validator checks (CWS227).
 */
export const PLACEHOLDER = /\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholder names used in a text, in order of first use. */
export function placeholderNames(text: string | undefined): string[] {
  return [...new Set([...(text ?? "").matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}

/** For scripts: every placeholder becomes its value as one single-quoted shell word. */
export function substituteShellWords(script: string, values: Readonly<Record<string, string>>): string {
  return script.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : quote(value);
  });
}

/**
 * For data that is quoted as a whole afterwards (package specs, service configuration lines):
 * the plain value, since quoting it here would put the quotes into the data.
 */
export function substituteData(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
