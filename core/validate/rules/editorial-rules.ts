import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../../diagnostics/make.js";
import type { LocatedJson } from "../../json/parse-located.js";
import type { GitChanges } from "../../registry/changes.js";
import { EDITORIAL_FILES } from "../../registry/snapshot.js";

export interface EditorialRuleOptions {
  registryRoot: string;
  actor?: string;
}

/**
 * CWS407: the editorial files (featured.json, categories.json, maintainers.json) change only in
 * pull requests by a maintainer listed in the base commit's maintainers.json, so a change cannot
 * add its author to the list and use it. One exception keeps `cws marketplace unpublish` working:
 * an owner may take their own templates out of featured.json, and change nothing else there.
 */
export function editorialRules(changes: GitChanges, head: ReadonlyMap<string, LocatedJson | undefined>, options: EditorialRuleOptions): Diagnostic[] {
  const actor = options.actor?.toLowerCase();
  if (!actor || changes.baseMaintainers.includes(actor)) return [];
  const prefix = options.registryRoot ? `${options.registryRoot}/` : "";
  const changed = new Set(changes.changedPaths);
  const owned = new Set([...changes.baseTemplates.values()].filter((t) => t.owners.includes(actor)).map((t) => t.folder));
  const maintainersFile = `${prefix}maintainers.json`;
  const hint = changes.baseMaintainers.length
    ? `ask a maintainer (${changes.baseMaintainers.join(", ")}, listed in ${maintainersFile} on ${changes.baseRef}) to make or approve this change`
    : `${maintainersFile} on ${changes.baseRef} lists no maintainers; the repository's administrators must add it first`;

  const out: Diagnostic[] = [];
  for (const name of EDITORIAL_FILES) {
    const path = `${prefix}${name}`;
    if (!changed.has(path)) continue;
    const base = changes.baseEditorial.get(name);
    const json = head.get(name);
    if (name === "featured.json" && json?.ok && removesOnly(base, json.value, owned)) continue;
    const pointer = json?.ok ? (firstDifference(base, json.value) ?? "") : "";
    const where = json ? json.locate(pointer) : fileLocation(path);
    const verb = json ? (base === undefined ? "add" : "change") : "delete";
    out.push(diagnostic("CWS407", where, `${options.actor} is not a registry maintainer, so may not ${verb} ${path}`, hint));
  }
  return out;
}

/** True when `head` is `base` with some of the actor's own templates taken out of `featured`. */
function removesOnly(base: unknown, head: unknown, owned: ReadonlySet<string>): boolean {
  if (!isObject(base) || !isObject(head) || !Array.isArray(base.featured) || !Array.isArray(head.featured)) return false;
  const kept = new Set(head.featured.map((e: unknown) => (isObject(e) ? e.template_id : undefined)));
  const expected = base.featured.filter(
    (e: unknown) => !(isObject(e) && typeof e.template_id === "string" && owned.has(e.template_id) && !kept.has(e.template_id)),
  );
  return firstDifference({ ...base, featured: expected }, head) === undefined;
}

/** JSON pointer of the first place two JSON values differ (key order aside), or undefined if equal. */
export function firstDifference(a: unknown, b: unknown, pointer = ""): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = i < a.length && i < b.length ? firstDifference(a[i], b[i], `${pointer}/${i}`) : `${pointer}/${i}`;
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    // In the second value's key order, so the first difference is the first one a reader meets in the file.
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
      const next = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      const found = Object.hasOwn(a, key) && Object.hasOwn(b, key) ? firstDifference(a[key], b[key], next) : next;
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : pointer;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
