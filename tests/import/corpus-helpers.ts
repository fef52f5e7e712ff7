import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { type ImportOptions, type ImportResult, importCwsTemplate } from "../../core/import/cws-yaml.js";
import { TemplateLibrary } from "../../core/import/inherit.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS_DIR = "tests/import/corpus";

/** Every corpus file, as repository-relative paths (so positions print the same on every machine). */
export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      const path = `${dir}/${name}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out.push(path);
    }
  };
  walk(CORPUS_DIR);
  return out;
}

export const CATEGORIES = (JSON.parse(readFileSync(join(ROOT, "registry/categories.json"), "utf8")) as { categories: { id: string; name: string }[] })
  .categories;

export const LIBRARY = new TemplateLibrary(corpusFiles().map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") })));

export const OPTIONS: ImportOptions = {
  author: "me",
  owners: ["me"],
  categories: CATEGORIES.map((c) => c.id),
  categoryNames: Object.fromEntries(CATEGORIES.map((c) => [c.id, c.name])),
  library: LIBRARY,
};

export function importCorpus(name: string, options: ImportOptions = {}): ImportResult {
  const file = `${CORPUS_DIR}/${name}`;
  return importCwsTemplate(readFileSync(join(ROOT, file), "utf8"), file, { ...OPTIONS, ...options });
}

/** Diagnostics as the CLI prints them, without hints: file:line:col CODE pointer: message. */
export function lines(list: readonly Diagnostic[]): string[] {
  return list.map((d) => `${relative(".", d.file)}:${d.line}:${d.column} ${d.code} ${d.pointer ? `${d.pointer}: ` : ""}${d.message}`);
}
