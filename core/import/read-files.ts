/**
 * IO edge of the importer: reads template YAML files from disk, with the same size and encoding
 * checks for the file being imported and for the folder its parents are looked up in.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../diagnostics/make.js";
import { CwsError, EXIT, isCwsError } from "../errors.js";
import type { LibraryFile } from "./inherit.js";
import { MAX_SOURCE_BYTES } from "./source.js";

/** Folders with more YAML than this are not a CloudWorkstation templates folder. */
const MAX_FILES = 5000;
const YAML = /\.ya?ml$/i;

/** Reads the YAML as UTF-8 text, or returns the diagnostic that explains why it cannot be. */
export function readSource(file: string): { text?: string; diagnostics: Diagnostic[] } {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new CwsError("USAGE", `${file} is not a file`, "run `npm run import -- --help` for the options", EXIT.usage);
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

/**
 * Every *.yml / *.yaml under `dir`, in path order, as CloudWorkstation's ScanTemplates walks its
 * template folders. Symbolic links and hidden folders are skipped.
 */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const full = join(d, name);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && YAML.test(name)) out.push(full);
      if (out.length > MAX_FILES) {
        throw new CwsError("USAGE", `${dir} holds more than ${MAX_FILES} YAML files`, "point at the CloudWorkstation templates folder itself", EXIT.usage);
      }
    }
  };
  walk(dir);
  return out;
}

/** The templates parents are looked up in: every readable YAML file under the folders (missing folders are skipped). */
export function readLibrary(dirs: readonly string[]): LibraryFile[] {
  const seen = new Set<string>();
  const files: LibraryFile[] = [];
  for (const dir of dirs) {
    let list: string[];
    try {
      list = listYamlFiles(dir);
    } catch (error) {
      if (isCwsError(error)) throw error;
      continue;
    }
    for (const file of list) {
      if (seen.has(file)) continue;
      seen.add(file);
      const { text } = readSource(file);
      if (text !== undefined) files.push({ file, text });
    }
  }
  return files;
}
