import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { editDistance } from "../../util/edit-distance.js";
import type { CheckedTemplate, RuleContext } from "../context.js";

/** Squatting checks ignore case and separators: "Foo_Bar" and "foobar" read the same to a user. */
export function normaliseId(id: string): string {
  return id.toLowerCase().replace(/[-_.]/g, "");
}

/**
 * Uniqueness, confusable ids and squatting. Runs in linear time: candidates within one edit
 * are found through shared single-deletion variants, then confirmed with a bounded distance.
 */
export function idRules(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, CheckedTemplate>();
  for (const c of ctx.templates) {
    const first = byId.get(c.t.template_id);
    if (first) {
      out.push(c.at("CWS202", "/template_id", `template_id "${c.t.template_id}" is already used by ${first.json.locate("").file}`, "choose a different id"));
    } else byId.set(c.t.template_id, c);
  }

  const templates = [...byId.values()].sort((a, b) => a.t.template_id.localeCompare(b.t.template_id));
  const isNew = (c: CheckedTemplate) => !ctx.newIds || ctx.newIds.has(c.t.template_id);
  const variants = new Map<string, CheckedTemplate[]>();
  const normalised = new Map<string, CheckedTemplate>();

  for (const c of templates) {
    const id = c.t.template_id;
    const norm = normaliseId(id);
    const twin = normalised.get(norm);
    if (twin) {
      const [older, newer] = order(twin, c, isNew);
      if (isNew(newer)) {
        out.push(
          newer.at(
            "CWS203",
            "/template_id",
            `"${newer.t.template_id}" is too similar to existing "${older.t.template_id}" (same letters once case and - _ . are ignored)`,
            "choose an id that differs in more than punctuation",
          ),
        );
      }
    } else normalised.set(norm, c);

    const near = new Set<CheckedTemplate>();
    for (const v of deletions(norm)) {
      for (const other of variants.get(v) ?? []) near.add(other);
      const list = variants.get(v) ?? [];
      list.push(c);
      variants.set(v, list);
    }
    for (const other of near) {
      const otherNorm = normaliseId(other.t.template_id);
      if (otherNorm === norm || editDistance(norm, otherNorm, 1) > 1) continue;
      if (sharesOwner(c, other)) continue;
      const [older, newer] = order(other, c, isNew);
      if (!isNew(newer)) continue;
      out.push(
        newer.at(
          "CWS204",
          "/template_id",
          `"${newer.t.template_id}" is one edit away from "${older.t.template_id}", owned by ${older.t.owners.join(", ")}`,
          `choose a more distinct id, or ask an owner of ${older.t.template_id} to co-own it`,
        ),
      );
    }
  }
  return out;
}

// With --base, the new template is the one to blame; without it, the later id in sort order.
function order(a: CheckedTemplate, b: CheckedTemplate, isNew: (c: CheckedTemplate) => boolean): [CheckedTemplate, CheckedTemplate] {
  return isNew(a) && !isNew(b) ? [b, a] : [a, b];
}

function sharesOwner(a: CheckedTemplate, b: CheckedTemplate): boolean {
  return a.t.owners.some((o) => b.t.owners.includes(o));
}

function deletions(word: string): Set<string> {
  const out = new Set([word]);
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}
