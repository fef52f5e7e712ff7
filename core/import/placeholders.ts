/**
 * {{.name}} placeholders in places the marketplace needs a fixed value (login names, systemd
 * unit names). CloudWorkstation fills them at launch from the parameter's value, and a launch
 * with the defaults gets the defaults; the importer writes that default in, and the parameter
 * stays declared for the scripts that still use it.
 */
import type { Path, Source } from "./source.js";

const PLACEHOLDER = /\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The default of a parameter or the value of a variable, as text; undefined when there is none. */
function defaultOf(src: Source, name: string): string | undefined {
  if (src.has(["parameters", name, "default"])) return src.string(["parameters", name, "default"]);
  if (src.has(["variables", name])) return src.string(["variables", name]);
  return undefined;
}

/**
 * The name with every placeholder replaced by its default, with a CWS504 warning; or undefined,
 * with a CWS503 error, when a placeholder has no default (or uses template logic).
 */
export function withDefaults(src: Source, path: Path, text: string, what: string): string | undefined {
  if (!text.includes("{{")) return text;
  const missing: string[] = [];
  const used: string[] = [];
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = defaultOf(src, name);
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    used.push(name);
    return value;
  });
  if (missing.length > 0 || out.includes("{{")) {
    const names = missing.length > 0 ? missing.map((m) => `{{.${m}}}`).join(", ") : "a {{ }} expression";
    src.report(
      "CWS503",
      path,
      `${what} "${text}" uses ${names}, which has no default to write in`,
      missing.length > 0 ? `give parameters.${missing[0]} a default, or write the ${what} out` : `write the ${what} out without template logic`,
    );
    return undefined;
  }
  src.report(
    "CWS504",
    path,
    `${what} "${text}" is imported as "${out}", the default of ${[...new Set(used)].map((u) => `parameter ${u}`).join(" and ")}`,
    `the marketplace needs a fixed ${what}; launching with another value of ${used[0]} no longer renames it, while the scripts still get the parameter`,
  );
  return out;
}
