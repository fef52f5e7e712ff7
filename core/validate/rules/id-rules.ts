import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { DeletionIndex } from "../../util/deletion-index.js";
import { editDistance } from "../../util/edit-distance.js";
import { NearIndex } from "../../util/near-index.js";
import type { CheckedTemplate, RuleContext } from "../context.js";

/** Squatting checks ignore case and separators: "Foo_Bar" and "foobar" read the same to a user. */
export function normaliseId(id: string): string {
  return id.toLowerCase().replace(/[-_.]/g, "");
}

/** Two edits apart is a typo only in longer ids: "abc" and "xyz" are one letter short of that. */
export const TWO_EDIT_MIN_LENGTH = 10;

// Words a squatter adds to someone else's id to look like its newer or authoritative edition.
const SUFFIX = /^(.+?)-(?:official|v\d+|\d+|new|pro|latest|next|beta|plus|updated?|fixed|real|secure|original|free|lts|stable)$/;
const PREFIX = /^(?:official|new|real|the|original|secure|latest)-(.+)$/;

/**
 * Uniqueness, confusable ids and squatting. Runs in linear time: candidates within one edit
 * are found through shared single-deletion variants, within two edits through a segment index
 * (NearIndex), and suffixed ids by stripping the suffix; each is confirmed with a bounded distance.
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

  // The same order as localeCompare (the default locale's collation), without its per-call setup.
  const collator = new Intl.Collator();
  const templates = [...byId.values()].sort((a, b) => collator.compare(a.t.template_id, b.t.template_id));
  const isNew = (c: CheckedTemplate) => !ctx.newIds || ctx.newIds.has(c.t.template_id);
  const oneEdit = new DeletionIndex<CheckedTemplate>();
  const normalised = new Map<string, CheckedTemplate>();
  const twoEdits = new NearIndex<CheckedTemplate>(TWO_EDIT_MIN_LENGTH);
  const norms = new Map<CheckedTemplate, string>();
  const suffixed = suffixSquats(templates, isNew, out);

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
    oneEdit.probeAndAdd(norm, c, (other) => near.add(other));
    for (const other of twoEdits.candidates(norm)) near.add(other);
    twoEdits.add(norm, c);
    norms.set(c, norm);
    for (const other of near) {
      // Cheap tests first: with --base, most candidates pair two existing templates.
      const [older, newer] = order(other, c, isNew);
      if (!isNew(newer) || sharesOwner(c, other)) continue;
      const otherNorm = norms.get(other) ?? normaliseId(other.t.template_id);
      if (otherNorm === norm || (suffixed.size > 0 && suffixed.has(pairKey(c, other)))) continue;
      const distance = editDistance(norm, otherNorm, 2);
      if (distance > 2 || (distance === 2 && Math.min(norm.length, otherNorm.length) < TWO_EDIT_MIN_LENGTH)) continue;
      out.push(
        newer.at(
          "CWS204",
          "/template_id",
          `"${newer.t.template_id}" is ${distance === 1 ? "one edit" : "two edits"} away from "${older.t.template_id}", owned by ${older.t.owners.join(", ")}`,
          `choose a more distinct id, or ask an owner of ${older.t.template_id} to co-own it`,
        ),
      );
    }
  }
  return out;
}

/**
 * New ids that are another owner's id plus a suffix or prefix such as -official or -v2 (CWS228).
 * Returns the pairs reported, so the edit-distance check does not report them a second time.
 */
function suffixSquats(templates: readonly CheckedTemplate[], isNew: (c: CheckedTemplate) => boolean, out: Diagnostic[]): Set<string> {
  const byNorm = new Map<string, CheckedTemplate>();
  for (const c of templates) if (!byNorm.has(normaliseId(c.t.template_id))) byNorm.set(normaliseId(c.t.template_id), c);
  const reported = new Set<string>();
  for (const c of templates) {
    if (!isNew(c)) continue;
    for (const stem of squatStems(c.t.template_id)) {
      const original = byNorm.get(normaliseId(stem));
      if (!original || original === c || sharesOwner(c, original)) continue;
      reported.add(pairKey(c, original));
      out.push(
        c.at(
          "CWS228",
          "/template_id",
          `"${c.t.template_id}" is "${original.t.template_id}", owned by ${original.t.owners.join(", ")}, with words added that make it look like its official or newer edition`,
          `choose an id that describes what this template is, or ask an owner of ${original.t.template_id} to publish it as a new version of theirs`,
        ),
      );
      break;
    }
  }
  return reported;
}

/** The ids `id` reads as once words such as -official, -v2 or new- are taken off (up to three, so "foo-official-v2" leads back to "foo"). */
export function squatStems(id: string): string[] {
  const out: string[] = [];
  let stem = id;
  for (let i = 0; i < 3; i++) {
    const m = SUFFIX.exec(stem) ?? PREFIX.exec(stem);
    if (!m?.[1]) break;
    stem = m[1];
    out.push(stem);
  }
  return out;
}

function pairKey(a: CheckedTemplate, b: CheckedTemplate): string {
  return a.t.template_id < b.t.template_id ? `${a.t.template_id}\n${b.t.template_id}` : `${b.t.template_id}\n${a.t.template_id}`;
}

// With --base, the new template is the one to blame; without it, the later id in sort order.
function order(a: CheckedTemplate, b: CheckedTemplate, isNew: (c: CheckedTemplate) => boolean): [CheckedTemplate, CheckedTemplate] {
  return isNew(a) && !isNew(b) ? [b, a] : [a, b];
}

function sharesOwner(a: CheckedTemplate, b: CheckedTemplate): boolean {
  return a.t.owners.some((o) => b.t.owners.includes(o));
}
