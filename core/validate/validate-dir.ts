import fs from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { Report } from "../diagnostics/summary.js";
import { CwsError, EXIT } from "../errors.js";
import { findRepoRoot } from "../registry/find-root.js";
import { readGitChanges } from "../registry/read-changes.js";
import { readSnapshot } from "../registry/read-snapshot.js";
import { type ValidateOptions, type ValidationResult, validateRegistry } from "./validate-registry.js";

export interface ValidateDirOptions {
  base?: string;
  actor?: string;
  allowInfra?: boolean;
}

/** IO edge: reads a registry folder (and, with a base ref, its git history) and validates it. */
export async function validateRegistryDir(dir: string, options: ValidateDirOptions = {}): Promise<ValidationResult & Report> {
  const abs = resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new CwsError("CWS010", `registry folder ${dir} does not exist`, "pass --registry <dir> pointing at a folder with templates/");
  }
  // The gate reads a pull request's checkout as data: a registry/ replaced by a link must not lead it elsewhere.
  if (fs.lstatSync(abs).isSymbolicLink()) {
    throw new CwsError("CWS006", `registry folder ${dir} is a symbolic link`, "point --registry at the folder itself, never at a link", EXIT.invalid);
  }
  const repoRoot = (await findRepoRoot(abs))?.repo;
  if (options.base && !repoRoot) {
    throw new CwsError("CWS406", `${dir} is not inside a git repository, so --base cannot be used`, "run from a clone of the registry, or drop --base");
  }
  const displayRoot = displayPath(abs, repoRoot);
  const snapshot = await readSnapshot(abs, displayRoot === "." ? "" : displayRoot, { lazy: true });
  const validateOptions: ValidateOptions = { allowInfra: options.allowInfra ?? false };
  if (options.actor) validateOptions.actor = options.actor;
  if (options.base && repoRoot) validateOptions.git = await readGitChanges(repoRoot, options.base, snapshot.root);
  const result = validateRegistry(snapshot, validateOptions);
  return options.base ? { ...result, base: options.base } : result;
}

// Paths print relative to the repository (as CI annotations need), else to the working folder.
function displayPath(abs: string, repoRoot: string | undefined): string {
  const rel = relative(repoRoot ?? process.cwd(), abs);
  if (rel === "") return ".";
  return (rel.startsWith("..") ? abs : rel).split(sep).join("/");
}
