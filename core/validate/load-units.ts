import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../diagnostics/make.js";
import { decodeText } from "../json/decode-text.js";
import { parseJson } from "../json/parse-json.js";
import type { LocatedJson } from "../json/parse-located.js";
import { DOCS_FILE, LIMITS, REGISTRY_FILES, type RegistryEntry, type RegistrySnapshot, SCREENSHOT, TEMPLATE_FILE } from "../registry/snapshot.js";
import type { SchemaName } from "../schema/schemas.js";
import { schemaCheck } from "./schema-check.js";

/** A JSON file that has been decoded, parsed and checked against its schema. */
export interface JsonUnit<T> {
  file: string;
  json?: LocatedJson;
  /** The document, present only when it passed its schema, so rules can trust its shape. */
  valid?: T;
}

export interface TemplateUnit<T> {
  /** Folder name, which must equal template_id. */
  folder: string;
  dir: string;
  template: JsonUnit<T>;
  docs?: { file: string; text?: string };
}

/** A template folder's entries, listed but not yet read, so templates can be loaded one at a time. */
export interface TemplateFolder {
  folder: string;
  dir: string;
  entries: RegistryEntry[];
}

export interface LoadedRegistry<C, F> {
  folders: TemplateFolder[];
  categories: JsonUnit<C>;
  featured: JsonUnit<F>;
  /** Optional: without it no one may change the editorial files (rule CWS407). */
  maintainers: JsonUnit<unknown>;
  diagnostics: Diagnostic[];
}

/**
 * Splits a snapshot into template folders and registry files, reporting structural problems.
 * Registry files are loaded here; templates are loaded by the caller with loadTemplate, one
 * folder at a time, so a lazy snapshot never holds every file's bytes at once.
 */
export function loadUnits<C, F>(snapshot: RegistrySnapshot): LoadedRegistry<C, F> {
  const diagnostics: Diagnostic[] = [];
  const root = snapshot.root === "" ? "" : `${snapshot.root}/`;
  const tplRoot = `${root}templates/`;
  const byFolder = new Map<string, RegistryEntry[]>();
  const registryFiles = new Map<string, RegistryEntry>();

  for (const entry of snapshot.entries) {
    if (entry.error) {
      diagnostics.push(diagnostic("CWS010", fileLocation(entry.path), `cannot read: ${entry.error}`, "check the file's permissions"));
      // Still file it under its template, so the template does not also look like it lacks the file.
      if (!entry.path.startsWith(tplRoot) || entry.kind !== "file") continue;
    }
    if (entry.kind === "symlink") {
      diagnostics.push(
        diagnostic("CWS006", fileLocation(entry.path), "symbolic links are not allowed in the registry", "replace the link with a regular file"),
      );
      continue;
    }
    if (entry.kind === "other") {
      diagnostics.push(diagnostic("CWS009", fileLocation(entry.path), "not a regular file", "remove it"));
      continue;
    }
    const rel = entry.path.slice(root.length);
    if (entry.path.startsWith(tplRoot)) {
      const [folder, ...rest] = entry.path.slice(tplRoot.length).split("/");
      if (!folder) continue;
      if (rest.length === 0 && entry.kind === "file") {
        diagnostics.push(diagnostic("CWS009", fileLocation(entry.path), "files belong inside a template folder", `move it to ${tplRoot}<template-id>/`));
        continue;
      }
      const list = byFolder.get(folder) ?? [];
      if (rest.length > 0) list.push(entry);
      byFolder.set(folder, list);
    } else if (entry.kind === "file") {
      if ((REGISTRY_FILES as readonly string[]).includes(rel)) registryFiles.set(rel, entry);
      else
        diagnostics.push(
          diagnostic(
            "CWS009",
            fileLocation(entry.path),
            "unexpected file in the registry",
            `the registry root holds only ${REGISTRY_FILES.join(", ")} and templates/`,
          ),
        );
    } else if (rel !== "templates") {
      diagnostics.push(diagnostic("CWS009", fileLocation(entry.path), "unexpected folder in the registry", "templates live in templates/<template-id>/"));
    }
  }

  const folders = [...byFolder.entries()].map(([folder, entries]) => ({ folder, dir: `${tplRoot}${folder}`, entries }));
  const categories = loadJson<C>(registryFiles.get("categories.json"), `${root}categories.json`, "categories", diagnostics);
  const featured = loadJson<F>(registryFiles.get("featured.json"), `${root}featured.json`, "featured", diagnostics);
  const maintainers = loadJson<unknown>(registryFiles.get("maintainers.json"), `${root}maintainers.json`, "maintainers", diagnostics);
  return { folders, categories, featured, maintainers, diagnostics };
}

/** Reads, decodes, parses and schema-checks one template folder's files. */
export function loadTemplate<T>({ dir, folder, entries }: TemplateFolder, out: Diagnostic[]): TemplateUnit<T> {
  let templateEntry: RegistryEntry | undefined;
  let docsEntry: RegistryEntry | undefined;
  for (const entry of entries) {
    const rel = entry.path.slice(dir.length + 1);
    if (entry.kind === "directory") {
      if (rel !== "screenshots") out.push(unexpected(entry.path));
    } else if (rel === TEMPLATE_FILE) templateEntry = entry;
    else if (rel === DOCS_FILE) docsEntry = entry;
    else if (SCREENSHOT.test(rel)) checkSize(entry, LIMITS.screenshot, out);
    else out.push(unexpected(entry.path));
  }
  const templatePath = `${dir}/${TEMPLATE_FILE}`;
  if (!templateEntry) {
    out.push(diagnostic("CWS008", fileLocation(dir), `template folder has no ${TEMPLATE_FILE}`, `add ${templatePath}, or remove the folder`));
  }
  const template = loadJson<T>(templateEntry, templatePath, "template", out, LIMITS.templateJson);
  const unit: TemplateUnit<T> = { folder, dir, template };
  if (docsEntry) {
    unit.docs = { file: docsEntry.path };
    const bytes = checkSize(docsEntry, LIMITS.docs, out) ? contents(docsEntry, out) : undefined;
    if (bytes) {
      const decoded = decodeText(bytes, docsEntry.path);
      out.push(...decoded.diagnostics);
      if (decoded.text !== undefined) unit.docs.text = decoded.text;
    }
  }
  return unit;
}

function loadJson<T>(entry: RegistryEntry | undefined, file: string, schema: SchemaName, out: Diagnostic[], limit: number = LIMITS.registryFile): JsonUnit<T> {
  const unit: JsonUnit<T> = { file };
  if (!entry) {
    if (schema === "categories" || schema === "featured")
      out.push(diagnostic("CWS008", fileLocation(file), `${file} is missing`, `create it following schemas/${schema}.schema.json`));
    return unit;
  }
  const bytes = checkSize(entry, limit, out) ? contents(entry, out) : undefined;
  if (!bytes) return unit;
  const decoded = decodeText(bytes, file);
  out.push(...decoded.diagnostics);
  if (decoded.text === undefined) return unit;
  const json = parseJson(decoded.text, file);
  unit.json = json;
  out.push(...json.diagnostics);
  if (!json.ok) return unit;
  const problems = schemaCheck(schema, json);
  out.push(...problems);
  if (problems.length === 0) unit.valid = json.value as T;
  return unit;
}

/** A file's bytes: read when the snapshot is lazy (an error is CWS010, as when listing). */
function contents(entry: RegistryEntry, out: Diagnostic[]): Uint8Array | undefined {
  if (entry.bytes || !entry.read || entry.error) return entry.bytes;
  try {
    return entry.read();
  } catch (error) {
    out.push(diagnostic("CWS010", fileLocation(entry.path), `cannot read: ${(error as Error).message}`, "check the file's permissions"));
    return undefined;
  }
}

function checkSize(entry: RegistryEntry, limit: number, out: Diagnostic[]): boolean {
  if (entry.size <= limit) return true;
  out.push(
    diagnostic(
      "CWS007",
      fileLocation(entry.path),
      `file is ${kib(entry.size)}, over the ${kib(limit)} limit`,
      "shrink it; large assets belong on the documentation site",
    ),
  );
  return false;
}

function unexpected(path: string): Diagnostic {
  return diagnostic(
    "CWS009",
    fileLocation(path),
    "unexpected file in a template folder",
    `a template folder holds only ${TEMPLATE_FILE}, ${DOCS_FILE} and screenshots/*.png|jpg|webp`,
  );
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}
