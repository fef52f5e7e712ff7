import { type Diagnostic, sortDiagnostics } from "../diagnostics/diagnostic.js";
import type { GitChanges } from "../registry/changes.js";
import type { RegistrySnapshot } from "../registry/snapshot.js";
import type { Categories, Featured, Template } from "../types/generated.js";
import { type CheckedTemplate, checked, type RuleContext } from "./context.js";
import { loadTemplate, loadUnits, type TemplateUnit } from "./load-units.js";
import { accessRules } from "./rules/access-rules.js";
import { amiRules } from "./rules/ami-rules.js";
import { docsRules } from "./rules/docs-rules.js";
import { editorialRules } from "./rules/editorial-rules.js";
import { environmentRules } from "./rules/environment-rules.js";
import { gitRules } from "./rules/git-rules.js";
import { idRules } from "./rules/id-rules.js";
import { metadataRules } from "./rules/metadata-rules.js";
import { placeholderRules } from "./rules/placeholder-rules.js";
import { registryRules } from "./rules/registry-rules.js";
import { securityLint } from "./rules/security-lint.js";

export interface ValidateOptions {
  /** Changes against --base; enables the git-aware rules. */
  git?: GitChanges;
  actor?: string;
  allowInfra?: boolean;
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  /** Number of template folders seen. */
  templates: number;
  /** The templates that passed every schema check, for callers such as the build. */
  valid: Template[];
}

/**
 * Validates a registry snapshot: structure and encoding, schemas, semantic rules, security
 * lint, and (with options.git) the rules about the change itself. Pure: the same snapshot
 * always gives the same diagnostics, errors first.
 */
export function validateRegistry(snapshot: RegistrySnapshot, options: ValidateOptions = {}): ValidationResult {
  const loaded = loadUnits<Categories, Featured>(snapshot);
  const diagnostics = [...loaded.diagnostics];
  const units: TemplateUnit<Template>[] = [];
  const templates: CheckedTemplate[] = [];
  // One template at a time: load it and run the rules that need nothing but the template, then
  // let go of its README text (and, with a lazy snapshot, of its bytes) before the next one.
  for (const folder of loaded.folders) {
    const unit = loadTemplate<Template>(folder, diagnostics);
    units.push(unit);
    const c = checked(unit);
    if (c) {
      templates.push(c);
      diagnostics.push(...amiRules(c), ...environmentRules(c), ...docsRules(c), ...placeholderRules(c), ...securityLint(c), ...accessRules(c));
    }
    if (unit.docs) delete unit.docs.text;
  }

  const knownIds = new Set<string>();
  for (const unit of units) {
    knownIds.add(unit.folder);
    const id = (unit.template.json?.value as { template_id?: unknown } | undefined)?.template_id;
    if (typeof id === "string") knownIds.add(id);
  }
  const byId = new Map<string, CheckedTemplate>();
  for (const c of templates) if (!byId.has(c.t.template_id)) byId.set(c.t.template_id, c);

  const ctx: RuleContext = { templates, byId, knownIds };
  if (loaded.categories.valid) ctx.categories = loaded.categories.valid;
  if (loaded.featured.valid) ctx.featured = loaded.featured.valid;
  if (options.git) {
    const base = options.git.baseTemplates;
    ctx.newIds = new Set(templates.filter((c) => !base.has(c.unit.folder)).map((c) => c.t.template_id));
  }

  for (const c of templates) diagnostics.push(...metadataRules(c, ctx));
  diagnostics.push(...idRules(ctx));
  const files: Parameters<typeof registryRules>[1] = {};
  if (loaded.categories.json) files.categories = loaded.categories.json;
  if (loaded.featured.json) files.featured = loaded.featured.json;
  diagnostics.push(...registryRules(ctx, files));

  if (options.git) {
    const byFolder = new Map(templates.map((c) => [c.unit.folder, c]));
    const gitOptions = { registryRoot: snapshot.root, allowInfra: options.allowInfra ?? false, ...(options.actor ? { actor: options.actor } : {}) };
    diagnostics.push(...gitRules(options.git, units, byFolder, gitOptions));
    const editorial = new Map([loaded.categories, loaded.featured, loaded.maintainers].map((u) => [u.file.slice(u.file.lastIndexOf("/") + 1), u.json]));
    diagnostics.push(...editorialRules(options.git, editorial, gitOptions));
  }
  return { diagnostics: sortDiagnostics(diagnostics), templates: units.length, valid: templates.map((c) => c.t) };
}
