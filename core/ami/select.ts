import type { Template } from "../types/generated.js";
import { stableJson } from "./tags.js";

export interface SelectInput {
  templates: readonly Template[];
  /** Template documents at the base commit by id; undefined when no --base was given. */
  base?: ReadonlyMap<string, unknown>;
  /** --template ids: exactly these, changed or not. */
  only?: readonly string[];
}

export interface Selection {
  selected: { template: Template; reason: string }[];
  skipped: { templateId: string; reason: string }[];
  /** Problems with the request itself (an unknown id, or one that builds no AMI). */
  problems: { templateId: string; message: string; hint: string }[];
}

/**
 * Which templates need an AMI build. Pure: the caller reads the registry and the base commit.
 * A template qualifies when it asks for an AMI (ami.build) and, against the base, is new or
 * changed in version, environment, ami settings or validation tests (the tests are published as
 * what the AMI passed, so changing them needs a rebuild). Without --base every template that
 * asks for an AMI qualifies; the state file then skips the ones already built.
 */
export function selectTemplates(input: SelectInput): Selection {
  const out: Selection = { selected: [], skipped: [], problems: [] };
  const byId = new Map(input.templates.map((t) => [t.template_id, t]));
  if (input.only && input.only.length > 0) {
    for (const id of input.only) {
      const t = byId.get(id);
      if (!t) out.problems.push({ templateId: id, message: `no valid template "${id}" in the registry`, hint: "check the id, and run npm run validate" });
      else if (t.ami?.build !== true)
        out.problems.push({ templateId: id, message: `${id} does not ask for an AMI`, hint: 'set "ami": {"build": true} in its template.json' });
      else out.selected.push({ template: t, reason: "requested with --template" });
    }
    return out;
  }
  for (const t of [...input.templates].sort((a, b) => (a.template_id < b.template_id ? -1 : 1))) {
    if (t.ami?.build !== true) {
      out.skipped.push({ templateId: t.template_id, reason: "ami.build is not true" });
      continue;
    }
    if (!input.base) {
      out.selected.push({ template: t, reason: "builds an AMI (no --base given)" });
      continue;
    }
    const reason = changeReason(t, input.base.get(t.template_id));
    if (reason) out.selected.push({ template: t, reason });
    else out.skipped.push({ templateId: t.template_id, reason: "unchanged since base" });
  }
  return out;
}

function changeReason(t: Template, baseDoc: unknown): string | undefined {
  if (baseDoc === undefined || baseDoc === null || typeof baseDoc !== "object") return "new since base";
  const base = baseDoc as Partial<Template>;
  if (base.version !== t.version) return `version ${base.version ?? "?"} → ${t.version}`;
  const changed = (a: unknown, b: unknown) => stableJson(a ?? null) !== stableJson(b ?? null);
  if (changed(base.environment, t.environment)) return "environment changed";
  if (changed(base.ami, t.ami)) return "ami settings changed";
  if (changed(base.validation_tests, t.validation_tests)) return "validation tests changed";
  return undefined;
}
