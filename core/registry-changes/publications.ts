import type { Template } from "../types/generated.js";
import { requireHandle, templateIds } from "./files.js";
import type { RegistryFiles } from "./types.js";
import { templateFile } from "./types.js";

export interface Publication {
  template_id: string;
  name: string;
  version: string;
  maintenance_status: Template["publication"]["maintenance_status"];
  visibility: Template["publication"]["visibility"];
  /** owner: may change it; author: credited but not an owner. */
  role: "owner" | "author";
  /** The newest changelog date, when there is one. */
  updated?: string;
  forked_from?: { template_id: string; version: string };
  /** Ids of templates in the registry forked from this one. */
  forks: string[];
}

/** The templates a handle owns or authored (GET /templates?owner=...), sorted by id. Unreadable files are skipped. */
export function myPublications(registry: RegistryFiles, handle: string): Publication[] {
  const me = requireHandle(handle);
  const all: Template[] = [];
  for (const id of templateIds(registry)) {
    try {
      all.push(JSON.parse(registry.get(templateFile(id)) ?? "") as Template);
    } catch {
      // Validation reports broken files; a listing skips them.
    }
  }
  const forks = new Map<string, string[]>();
  for (const t of all) {
    const parent = t.forked_from?.template_id;
    if (parent) forks.set(parent, [...(forks.get(parent) ?? []), t.template_id]);
  }
  return all
    .filter((t) => (Array.isArray(t.owners) && t.owners.includes(me)) || t.author === me)
    .map((t) => ({
      template_id: t.template_id,
      name: t.name,
      version: t.version,
      maintenance_status: t.publication?.maintenance_status ?? "active",
      visibility: t.publication?.visibility ?? "public",
      role: t.owners.includes(me) ? ("owner" as const) : ("author" as const),
      ...(t.changelog?.[0]?.date ? { updated: t.changelog[0].date } : {}),
      ...(t.forked_from ? { forked_from: t.forked_from } : {}),
      forks: forks.get(t.template_id) ?? [],
    }));
}
