import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/make.js";
import type { RuleCode } from "../diagnostics/rules.js";
import type { LocatedJson } from "../json/parse-located.js";
import type { Categories, Featured, Template } from "../types/generated.js";
import type { TemplateUnit } from "./load-units.js";

/** A template that parsed and passed its schema: rules may rely on its shape. */
export interface CheckedTemplate {
  unit: TemplateUnit<Template>;
  t: Template;
  json: LocatedJson;
  /** Reports a problem at a JSON pointer in this template's file. */
  at(code: RuleCode, pointer: string, message: string, hint: string, options?: { key?: boolean; index?: number }): Diagnostic;
}

export interface RuleContext {
  templates: CheckedTemplate[];
  byId: ReadonlyMap<string, CheckedTemplate>;
  /** Every id a folder or a parsed template claims, valid or not, so "missing" means really missing. */
  knownIds: ReadonlySet<string>;
  categories?: Categories;
  featured?: Featured;
  /** Ids that are new relative to the base ref; undefined without --base, when every id counts as new. */
  newIds?: ReadonlySet<string>;
}

export function checked(unit: TemplateUnit<Template>): CheckedTemplate | undefined {
  const { valid, json } = unit.template;
  if (!valid || !json) return undefined;
  return {
    unit,
    t: valid,
    json,
    at(code, pointer, message, hint, options) {
      const loc = options?.index === undefined ? json.locate(pointer, options) : json.locateInString(pointer, options.index);
      return diagnostic(code, loc, message, hint);
    },
  };
}

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
