// npm run import -- <file.yml | folder> [--author h] [--category id] [--owner h ...] [--license spdx]
//                  [--registry dir] [--templates-dir dir ...] [--id id] [--force] [--dry-run]
// Converts CloudWorkstation templates into registry/templates/<id>/{template.json,README.md}.
// The conversion is core/import/cws-yaml.ts and the pre-write validation core/import/check-entry.ts;
// this file only reads arguments and files, asks for a category on a terminal, writes and prints.
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { countBySeverity, type Diagnostic, sortDiagnostics } from "../core/diagnostics/diagnostic.js";
import { formatDiagnostic } from "../core/diagnostics/format-text.js";
import { CwsError, EXIT } from "../core/errors.js";
import { type Candidate, checkCandidates } from "../core/import/check-entry.js";
import { type ImportOptions, type ImportResult, importCwsTemplate } from "../core/import/cws-yaml.js";
import { TemplateLibrary } from "../core/import/inherit.js";
import { listYamlFiles, readLibrary, readSource } from "../core/import/read-files.js";
import { formatSummary, type SummaryRow } from "../core/import/summary-table.js";
import { readSnapshot } from "../core/registry/read-snapshot.js";
import type { RegistrySnapshot } from "../core/registry/snapshot.js";
import { HANDLE, TEMPLATE_ID } from "../core/spec/ids.js";
import { runScript, useColor } from "./lib/run-script.js";

const USAGE = `usage: npm run import -- <file.yml | folder> [options]

Converts CloudWorkstation templates (YAML) into marketplace entries
<registry>/templates/<id>/template.json and README.md. A folder imports every
*.yml/*.yaml in it and prints a summary table. Nothing is written for a template
that npm run validate would reject.

options:
  --author <handle>        author handle (default: the YAML maintainer as a handle)
  --owner <handle>         an owner handle; repeat for several (the author is always an owner)
  --category <id>          category id from <registry>/categories.json (default: mapped from the
                           YAML category, domain and tags; asked for on a terminal if nothing maps)
  --default-category <id>  category for templates where nothing in the YAML maps to one
  --license <spdx>         license of the template (default: Apache-2.0)
  --id <id>                template id (default: the YAML slug, else the name, in kebab-case)
  --registry <dir>         registry folder to write into (default: registry)
  --templates-dir <dir>    where inherits looks for parents, besides the file's own folder; repeatable
  --dry-run                convert and validate, but write nothing
  --force                  overwrite an existing template folder's template.json and README.md
  -h, --help               show this help`;

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
        "default-category": { type: "string" },
        license: { type: "string" },
        id: { type: "string" },
        registry: { type: "string", default: "registry" },
        "templates-dir": { type: "string", multiple: true },
        "dry-run": { type: "boolean", default: false },
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Category ids and names of the target registry, or undefined when it has no categories.json yet. */
function readCategories(registry: string): { categories: string[]; categoryNames: Record<string, string> } | undefined {
  const file = join(registry, "categories.json");
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { categories?: { id?: unknown; name?: unknown }[] };
    const list = (data.categories ?? []).filter((c): c is { id: string; name?: unknown } => typeof c.id === "string");
    return {
      categories: list.map((c) => c.id),
      categoryNames: Object.fromEntries(list.filter((c) => typeof c.name === "string").map((c) => [c.id, c.name as string])),
    };
  } catch (error) {
    throw new CwsError(
      "CWS010",
      `cannot read ${file}: ${(error as Error).message}`,
      "fix categories.json (npm run validate reports where), or pass --registry",
      EXIT.usage,
    );
  }
}

/** On a terminal, asks which category a template belongs to; undefined when there is no terminal or no answer. */
async function askCategory(file: string, ids: readonly string[] | undefined): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY || !ids || ids.length === 0) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    process.stderr.write(`${file}: nothing in the YAML names a marketplace category. Choose one:\n`);
    ids.forEach((id, i) => {
      process.stderr.write(`  ${i + 1}. ${id}\n`);
    });
    const answer = (await rl.question("category (number or id, empty to skip): ")).trim();
    const picked = /^\d+$/.test(answer) ? ids[Number(answer) - 1] : ids.find((id) => id === answer);
    return picked;
  } finally {
    rl.close();
  }
}

async function readRegistry(dir: string): Promise<RegistrySnapshot> {
  if (!existsSync(dir)) return { root: "registry", entries: [] };
  if (!statSync(dir).isDirectory()) throw usageError(`--registry ${dir} is not a folder`);
  return readSnapshot(dir, "registry");
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

interface Item {
  file: string;
  result: ImportResult;
  /** Why the file is refused although it converted (its folder exists). */
  blocked?: string;
}

async function importOne(file: string, options: ImportOptions): Promise<ImportResult> {
  const source = readSource(file);
  if (source.text === undefined) return { diagnostics: source.diagnostics };
  const result = importCwsTemplate(source.text, file, options);
  if (!result.needsCategory) return result;
  const category = await askCategory(file, options.categories);
  return category ? importCwsTemplate(source.text, file, { ...options, category }) : result;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0)
    throw usageError(target === undefined ? "no template file or folder given" : `one file or folder at a time; also got ${extra.join(" ")}`);
  // Flags are checked here so a typo is a usage error (exit 2), not a problem with the YAML.
  if (values.id !== undefined && !TEMPLATE_ID.test(values.id))
    throw usageError(`--id "${values.id}" must be 3-64 lowercase letters, digits and single hyphens`);
  for (const handle of [values.author, ...(values.owner ?? [])]) {
    if (handle !== undefined && !HANDLE.test(handle))
      throw usageError(`"${handle}" is not a handle: use lowercase letters, digits and single hyphens, at most 39 characters`);
  }
  const folder = existsSync(target) && statSync(target).isDirectory();
  if (folder && values.id !== undefined) throw usageError("--id names one template; it cannot be used with a folder");
  const files = folder ? listYamlFiles(target) : [target];
  if (files.length === 0) throw usageError(`${target} holds no .yml or .yaml files`);

  const options: ImportOptions = {
    ...(values.id !== undefined && { id: values.id }),
    ...(values.author !== undefined && { author: values.author }),
    ...(values.owner !== undefined && { owners: values.owner }),
    ...(values.category !== undefined && { category: values.category }),
    ...(values["default-category"] !== undefined && { defaultCategory: values["default-category"] }),
    ...(values.license !== undefined && { license: values.license }),
    ...readCategories(values.registry),
    // Read only when a template inherits: the folder of a lone file may be large.
    library: new TemplateLibrary(() => readLibrary([folder ? target : dirname(target), ...(values["templates-dir"] ?? [])])),
  };
  const items: Item[] = [];
  for (const file of files) items.push({ file, result: await importOne(file, options) });

  const claimed = new Map<string, string>();
  for (const item of items) {
    const id = item.result.template?.template_id;
    const first = id === undefined ? undefined : claimed.get(id);
    if (id !== undefined && first !== undefined) {
      item.blocked = `${first} is imported as ${id} too; give one of them another slug`;
      continue;
    }
    if (id !== undefined) claimed.set(id, item.file);
    if (!id || values.force || !existsSync(join(values.registry, "templates", id))) continue;
    const message = `${join(values.registry, "templates", id)} already exists; refusing to overwrite it`;
    if (!folder) throw new CwsError("TARGET_EXISTS", message, "pass --force to replace its template.json and README.md, or choose another --id", EXIT.usage);
    item.blocked = `${message} (pass --force to replace it)`;
  }
  const candidates = new Map<Item, Candidate>();
  for (const item of items) {
    const { template, readme, locate } = item.result;
    if (template && readme !== undefined && locate && !item.blocked) candidates.set(item, { template, readme, locate });
  }
  const checked = checkCandidates(await readRegistry(values.registry), [...candidates.values()]);

  const rows: SummaryRow[] = [];
  for (const item of items) {
    const candidate = candidates.get(item);
    const diagnostics = [...item.result.diagnostics, ...(candidate ? (checked.get(candidate) ?? []) : [])];
    print(diagnostics);
    const counts = countBySeverity(diagnostics);
    const id = item.result.template?.template_id;
    if (!candidate || counts.error > 0) {
      console.error(`${item.file}: not imported (${item.blocked ?? `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}`})`);
      rows.push({ file: item.file, ...(id && { id }), outcome: "refused", warnings: counts.warning });
      continue;
    }
    const dir = join(values.registry, "templates", candidate.template.template_id);
    if (values["dry-run"]) {
      if (!folder) console.log(`${item.file}: valid as ${dir}; nothing written (--dry-run) (${plural(counts.warning, "warning")})`);
      rows.push({ file: item.file, id: candidate.template.template_id, outcome: "valid (dry run)", warnings: counts.warning });
      continue;
    }
    const templateFile = join(dir, "template.json");
    const readmeFile = join(dir, "README.md");
    for (const path of [dir, templateFile, readmeFile]) refuseSymlink(path);
    mkdirSync(dir, { recursive: true });
    writeFileSync(templateFile, `${JSON.stringify(candidate.template, null, 2)}\n`);
    writeFileSync(readmeFile, candidate.readme);
    if (!folder) console.log(`wrote ${templateFile} and ${readmeFile} (${plural(counts.warning, "warning")})`);
    rows.push({ file: item.file, id: candidate.template.template_id, outcome: "written", warnings: counts.warning });
  }
  if (folder) console.log(formatSummary(rows));
  return rows.some((r) => r.outcome === "refused") ? EXIT.invalid : EXIT.ok;
}

await runScript(USAGE, main);
