import { EXIT } from "../errors.js";
import type { Featured } from "../types/generated.js";
import { closest } from "../util/edit-distance.js";
import { deepClone, formatJson, formatTemplate, isoDate, publishError, readTemplate, templateIds, withChangelogEntry } from "./files.js";
import type { FileChange, RegistryChange, RegistryFiles } from "./types.js";
import { FEATURED_FILE, templateFile } from "./types.js";
import { bumpVersion } from "./version.js";

export interface UnpublishOptions {
  actor: string;
  /** Why users should move away, in one sentence (rule CWS211 requires it). */
  reason: string;
  /** An active template that replaces this one. */
  replacement?: string;
  /** Archive (hidden from search, still resolvable by id) instead of deprecate (listed with a warning). */
  archive?: boolean;
  now?: Date;
}

/**
 * Deprecates or archives a template (DELETE /templates/{id}). Templates are never deleted: an
 * archived one stays resolvable by its exact id so old launches can be reproduced. The version
 * goes up a patch with a "deprecated" changelog entry, and the template leaves featured.json,
 * which may only list active templates (rule CWS218).
 */
export function unpublishTemplate(registry: RegistryFiles, id: string, options: UnpublishOptions): RegistryChange {
  const before = readTemplate(registry, id);
  const status = options.archive ? "archived" : "deprecated";
  const reason = options.reason.trim();
  if (!reason) throw publishError("REASON_REQUIRED", "say why users should move away", '--reason "superseded by a CUDA 12 build"');
  if (reason.length > 500) throw publishError("REASON_TOO_LONG", `the reason has ${reason.length} characters; at most 500`, "say it in one sentence");
  const replacement = options.replacement?.trim() || undefined;
  if (replacement === id) throw publishError("BAD_REPLACEMENT", "a template cannot replace itself", "name a different, active template");
  if (replacement) {
    if (!registry.has(templateFile(replacement))) {
      const guess = closest(replacement, templateIds(registry));
      throw publishError(
        "BAD_REPLACEMENT",
        `replacement "${replacement}" is not in the registry`,
        guess ? `did you mean "${guess}"?` : "name an existing, active template",
        EXIT.notFound,
      );
    }
    const target = readTemplate(registry, replacement);
    if (target.publication.maintenance_status !== "active") {
      throw publishError("BAD_REPLACEMENT", `replacement "${replacement}" is itself ${target.publication.maintenance_status}`, "point to an active template");
    }
  }
  const current = before.publication.maintenance_status;
  if (current === status && before.publication.maintenance?.reason === reason && before.publication.maintenance?.replacement === replacement) {
    throw publishError("ALREADY_UNPUBLISHED", `${id} is already ${status} for that reason`, "nothing to do", EXIT.refused);
  }
  if (current === "archived" && status === "deprecated") {
    throw publishError(
      "ALREADY_ARCHIVED",
      `${id} is archived; deprecating it would list it in search again`,
      "pass --archive to change the reason or replacement, or reactivate it with `cws marketplace update --set publication.maintenance_status=active`",
      EXIT.refused,
    );
  }

  const t = deepClone(before);
  const date = isoDate(options.now ?? new Date());
  t.publication.maintenance_status = status;
  t.publication.maintenance = { reason, date, ...(replacement ? { replacement } : {}) };
  t.version = bumpVersion(before.version, "patch");
  const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  const description = `${status === "archived" ? "Archived" : "Deprecated"}: ${sentence}${replacement ? ` Use ${replacement} instead.` : ""}`.slice(0, 500);
  const notes = [{ kind: "deprecated" as const, description }];
  t.changelog = withChangelogEntry(t, t.version, date, notes);

  const files: FileChange[] = [{ path: templateFile(id), text: formatTemplate(t) }];
  const warnings: string[] = [];
  const featuredText = registry.get(FEATURED_FILE);
  if (featuredText !== undefined) {
    try {
      const featured = JSON.parse(featuredText) as Featured;
      const kept = featured.featured.filter((f) => f.template_id !== id);
      if (kept.length !== featured.featured.length) {
        files.push({ path: FEATURED_FILE, text: formatJson({ ...featured, featured: kept }) });
        warnings.push(`${id} is removed from featured.json, which lists only active templates`);
      }
    } catch {
      warnings.push("featured.json could not be read; validation will say what is wrong with it");
    }
  }
  return {
    verb: "unpublish",
    templateId: id,
    version: t.version,
    previousVersion: before.version,
    template: t,
    files,
    title: `${status === "archived" ? "Archive" : "Deprecate"} ${id} (${t.version})`,
    summary: [
      status === "archived"
        ? `Archives ${id}: hidden from search and listings, still resolvable by its exact id for reproducibility.`
        : `Deprecates ${id}: still listed, with a warning${replacement ? ` pointing to ${replacement}` : ""}.`,
      `Reason: ${reason}`,
      `Requested by ${options.actor}.`,
    ],
    notes,
    warnings,
  };
}
