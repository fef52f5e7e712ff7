// npm run import -- <file.yml> [--author h] [--category id] [--owner h ...] [--license spdx]
//                  [--registry dir] [--id id] [--force]
// Converts a CloudWorkstation template into registry/templates/<id>/{template.json,README.md}.
// The conversion is core/import/cws-yaml.ts; this file only does the file system and printing.
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { countBySeverity, type Diagnostic, sortDiagnostics } from "../core/diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../core/diagnostics/make.js";
import { CwsError, EXIT, isCwsError } from "../core/errors.js";
import { importCwsTemplate } from "../core/import/cws-yaml.js";
import { HANDLE, TEMPLATE_ID } from "../core/import/slug.js";
import { MAX_SOURCE_BYTES } from "../core/import/source.js";
import { formatDiagnostic } from "../core/report/format-text.js";
import { validateRegistryDir } from "../core/validate/validate-dir.js";
import { runScript, useColor } from "./lib/run-script.js";

const USAGE = `usage: npm run import -- <file.yml> [options]

Converts a CloudWorkstation template (YAML) into a marketplace entry
<registry>/templates/<id>/template.json and README.md.

options:
  --author <handle>     author handle (default: the YAML maintainer as a handle)
  --owner <handle>      an owner handle; repeat for several (the author is always an owner)
  --category <id>       category id from <registry>/categories.json (default: the YAML category)
  --license <spdx>      license of the template (default: Apache-2.0)
  --id <id>             template id (default: the YAML slug, else the name, in kebab-case)
  --registry <dir>      registry folder to write into (default: registry)
  --force               overwrite an existing template folder's template.json and README.md
  -h, --help            show this help`;

function usageError(message: string): CwsError {
  return new CwsError("USAGE", message, "run `npm run import -- --help` for the options", EXIT.usage);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        author: { type: "string" },
        owner: { type: "string", multiple: true },
        category: { type: "string" },
        license: { type: "string" },
        id: { type: "string" },
        registry: { type: "string", default: "registry" },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

function print(list: readonly Diagnostic[]): void {
  const color = useColor(false);
  for (const d of sortDiagnostics(list)) console.error(formatDiagnostic(d, { color }));
}

/** Category ids of the target registry, or undefined when it has no categories.json yet. */
function readCategories(registry: string): string[] | undefined {
  const file = join(registry, "categories.json");
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { categories?: { id?: unknown }[] };
    return (data.categories ?? []).map((c) => c.id).filter((id): id is string => typeof id === "string");
  } catch (error) {
    throw new CwsError(
      "CWS010",
      `cannot read ${file}: ${(error as Error).message}`,
      "fix categories.json (npm run validate reports where), or pass --registry",
      EXIT.usage,
    );
  }
}

/** Reads the YAML as UTF-8 text, or returns the diagnostic that explains why it cannot be. */
function readSource(file: string): { text?: string; diagnostics: Diagnostic[] } {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw usageError(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (isCwsError(error)) throw error;
    throw new CwsError(
      "CWS010",
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      "check the path to the template YAML",
      EXIT.usage,
    );
  }
  if (size > MAX_SOURCE_BYTES) {
    const message = `file is ${size} bytes; templates to import are limited to ${MAX_SOURCE_BYTES} bytes (1 MiB)`;
    return { diagnostics: [diagnostic("CWS007", fileLocation(file), message, "a CloudWorkstation template is a few KiB; check that this is the right file")] };
  }
  try {
    // A UTF-8 byte-order mark is allowed in YAML and is stripped by the decoder.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file)), diagnostics: [] };
  } catch {
    return { diagnostics: [diagnostic("CWS001", fileLocation(file), "file is not valid UTF-8 text", "re-save the file with UTF-8 encoding")] };
  }
}

function refuseSymlink(path: string): void {
  if (existsSync(path) && lstatSync(path).isSymbolicLink()) {
    throw new CwsError(
      "CWS006",
      `${path} is a symbolic link; refusing to write through it`,
      "registry files must be regular files; remove the link",
      EXIT.usage,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw usageError(file === undefined ? "no template file given" : `one file at a time; also got ${extra.join(" ")}`);
  // Flags are checked here so a typo is a usage error (exit 2), not a problem with the YAML.
  if (values.id !== undefined && !TEMPLATE_ID.test(values.id))
    throw usageError(`--id "${values.id}" must be 3-64 lowercase letters, digits and single hyphens`);
  for (const handle of [values.author, ...(values.owner ?? [])]) {
    if (handle !== undefined && !HANDLE.test(handle))
      throw usageError(`"${handle}" is not a handle: use lowercase letters, digits and single hyphens, at most 39 characters`);
  }

  const source = readSource(file);
  if (source.text === undefined) {
    print(source.diagnostics);
    return EXIT.invalid;
  }
  const result = importCwsTemplate(source.text, file, {
    ...(values.id !== undefined && { id: values.id }),
    ...(values.author !== undefined && { author: values.author }),
    ...(values.owner !== undefined && { owners: values.owner }),
    ...(values.category !== undefined && { category: values.category }),
    ...(values.license !== undefined && { license: values.license }),
    ...withCategories(readCategories(values.registry)),
  });
  print(result.diagnostics);
  const counts = countBySeverity(result.diagnostics);
  if (!result.template || result.readme === undefined || counts.error > 0) {
    console.error(`${file}: not imported (${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"})`);
    return EXIT.invalid;
  }

  const dir = join(values.registry, "templates", result.template.template_id);
  const templateFile = join(dir, "template.json");
  const readmeFile = join(dir, "README.md");
  if (existsSync(dir) && !values.force) {
    throw new CwsError(
      "TARGET_EXISTS",
      `${dir} already exists; refusing to overwrite it`,
      "pass --force to replace its template.json and README.md, or choose another --id",
      EXIT.usage,
    );
  }
  for (const path of [dir, templateFile, readmeFile]) refuseSymlink(path);
  mkdirSync(dir, { recursive: true });
  writeFileSync(templateFile, `${JSON.stringify(result.template, null, 2)}\n`);
  writeFileSync(readmeFile, result.readme);

  // Run the same validation as CI over the target registry, so the entry is known to pass it.
  const report = await validateRegistryDir(values.registry);
  const folder = `/templates/${result.template.template_id}/`;
  const own = report.diagnostics.filter((d) => d.file.includes(folder));
  print(own);
  const after = countBySeverity(own);
  if (after.error > 0) {
    console.error(
      `wrote ${templateFile}, but npm run validate reports ${after.error} error${after.error === 1 ? "" : "s"} in it; fix them before opening a pull request`,
    );
    return EXIT.invalid;
  }
  console.log(`wrote ${templateFile} and ${readmeFile} (${counts.warning + after.warning} warning${counts.warning + after.warning === 1 ? "" : "s"})`);
  return EXIT.ok;
}

function withCategories(categories: string[] | undefined): { categories?: string[] } {
  return categories ? { categories } : {};
}

await runScript(USAGE, main);
