import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/make.js";
import type { LocatedJson } from "../../json/parse-located.js";
import { didYouMean } from "../../util/edit-distance.js";
import type { RuleContext } from "../context.js";

/** Registry-wide files: category ids are unique; featured entries are existing, active, public templates, once each. */
export function registryRules(ctx: RuleContext, files: { categories?: LocatedJson; featured?: LocatedJson }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cats = files.categories;
  if (ctx.categories && cats) {
    const seen = new Set<string>();
    ctx.categories.categories.forEach((cat, i) => {
      if (seen.has(cat.id)) out.push(diagnostic("CWS219", cats.locate(`/categories/${i}/id`), `category "${cat.id}" is listed twice`, "remove the duplicate"));
      seen.add(cat.id);
    });
  }
  const feat = files.featured;
  if (ctx.featured && feat) {
    const seen = new Set<string>();
    ctx.featured.featured.forEach((entry, i) => {
      const id = entry.template_id;
      // Located only when reported: locating builds the file's position index.
      const at = () => feat.locate(`/featured/${i}/template_id`);
      const target = ctx.byId.get(id);
      if (seen.has(id)) out.push(diagnostic("CWS218", at(), `"${id}" is featured twice`, "remove the duplicate"));
      else if (!ctx.knownIds.has(id))
        out.push(diagnostic("CWS218", at(), `featured template "${id}" does not exist`, didYouMean(id, ctx.knownIds) || "name an existing template id"));
      else if (target && target.t.publication.maintenance_status !== "active")
        out.push(diagnostic("CWS218", at(), `featured template "${id}" is ${target.t.publication.maintenance_status}`, "feature only active templates"));
      else if (target && target.t.publication.visibility !== "public")
        out.push(diagnostic("CWS218", at(), `featured template "${id}" is not public`, "feature only public templates"));
      seen.add(id);
    });
  }
  return out;
}
