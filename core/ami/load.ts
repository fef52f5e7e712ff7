import { CwsError } from "../errors.js";
import { findRepoRoot } from "../registry/find-root.js";
import type { Template } from "../types/generated.js";
import { validateRegistryDir } from "../validate/validate-dir.js";
import { headCommit, readBaseTemplates } from "./read-base-templates.js";

export interface LoadedRegistry {
  templates: Template[];
  /** Ids left out because they have validation errors: building from a broken template is never right. */
  invalid: string[];
  /** Template documents at --base, by id. */
  base?: Map<string, unknown>;
  /** HEAD of the repository holding the registry, when there is one. */
  commit?: string;
}

/** IO edge: the registry's valid templates and, with a base ref, the same templates at that commit. */
export async function loadRegistry(registry: string, baseRef: string | undefined): Promise<LoadedRegistry> {
  const result = await validateRegistryDir(registry);
  const broken = new Set<string>();
  for (const d of result.diagnostics) {
    const m = /(?:^|\/)templates\/([^/]+)\//.exec(d.file);
    if (d.severity === "error" && m?.[1]) broken.add(m[1]);
  }
  const templates = result.valid.filter((t) => !broken.has(t.template_id));
  const root = await findRepoRoot(registry);
  const loaded: LoadedRegistry = { templates, invalid: [...broken].sort() };
  if (root) {
    const commit = await headCommit(root.repo);
    if (commit) loaded.commit = commit;
  }
  if (baseRef) {
    if (!root)
      throw new CwsError(
        "CWS406",
        `${registry} is not inside a git repository, so --base cannot be used`,
        "run from a clone of the registry, or use --template",
      );
    loaded.base = await readBaseTemplates(root.repo, baseRef, root.relative ? `${root.relative}/templates` : "templates");
  }
  return loaded;
}
