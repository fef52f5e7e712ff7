import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../../diagnostics/make.js";
import type { GitChanges } from "../../registry/changes.js";
import type { Template } from "../../types/generated.js";
import { compareSemver } from "../../util/semver.js";
import type { CheckedTemplate } from "../context.js";
import type { TemplateUnit } from "../load-units.js";

export interface GitRuleOptions {
  registryRoot: string;
  actor?: string;
  allowInfra: boolean;
}

/** Rules about the change itself: scope, version bumps, removals and ownership. */
export function gitRules(
  changes: GitChanges,
  units: TemplateUnit<Template>[],
  checkedByFolder: ReadonlyMap<string, CheckedTemplate>,
  options: GitRuleOptions,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const prefix = options.registryRoot ? `${options.registryRoot}/` : "";
  const templatesPrefix = `${prefix}templates/`;
  const actor = options.actor?.toLowerCase();

  if (!options.allowInfra) {
    for (const path of changes.changedPaths) {
      if (!path.startsWith(prefix)) {
        out.push(
          diagnostic(
            "CWS401",
            fileLocation(path),
            `changes ${path}, outside ${prefix}`,
            "send infrastructure changes in a separate pull request; maintainers validate those with --allow-infra",
          ),
        );
      }
    }
  }

  const changedFolders = new Set<string>();
  for (const path of changes.changedPaths) {
    if (path.startsWith(templatesPrefix)) changedFolders.add(path.slice(templatesPrefix.length).split("/")[0] ?? "");
  }
  const headFolders = new Map(units.filter((u) => u.template.json).map((u) => [u.folder, u]));

  for (const [folder, base] of changes.baseTemplates) {
    const file = `${templatesPrefix}${folder}/template.json`;
    if (!headFolders.has(folder) && changedFolders.has(folder)) {
      out.push(
        diagnostic(
          "CWS403",
          fileLocation(file),
          `template "${folder}" was deleted or renamed`,
          "templates are never removed; set publication.maintenance_status to deprecated or archived instead",
        ),
      );
      continue;
    }
    if (!changedFolders.has(folder)) continue;
    const c = checkedByFolder.get(folder);
    if (actor && !base.owners.includes(actor)) {
      const where = c ? c.json.locate("/owners") : fileLocation(file);
      const owners = base.owners.length ? base.owners.join(", ") : "the registry maintainers";
      out.push(diagnostic("CWS404", where, `${options.actor} is not an owner of "${folder}"`, `ask an owner (${owners}) to make or approve this change`));
    }
    if (c && base.version && compareSemver(c.t.version, base.version) <= 0) {
      out.push(
        c.at(
          "CWS402",
          "/version",
          `version ${c.t.version} is not higher than ${base.version} on ${changes.baseRef}`,
          `raise it, e.g. to ${bump(base.version)} for a fix or a backwards-compatible change`,
        ),
      );
    }
  }

  if (actor) {
    for (const [folder, c] of checkedByFolder) {
      if (changes.baseTemplates.has(folder) || c.t.owners.includes(actor)) continue;
      out.push(
        c.at(
          "CWS405",
          "/owners",
          `new template does not list ${options.actor} as an owner`,
          `add "${actor}" to owners; owners are the people allowed to change the template`,
        ),
      );
    }
  }
  return out;
}

function bump(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : "a higher version";
}
