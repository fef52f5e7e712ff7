import type { Template } from "../../core/types/generated.js";
import { DESCRIPTION_MAX_CHARS } from "./description.js";

/**
 * The smallest realistic release of one template: a patch version bump, a changelog entry for
 * it, and one sentence of the description reworded. It passes every rule, including CI's
 * version-raised rule, so the publish benchmark sees the objects a real release changes.
 */
export function editTemplate(t: Template, date = "2026-11-02"): Template {
  const [major, minor, patch] = t.version.split(".").map(Number);
  const version = `${major}.${minor}.${(patch ?? 0) + 1}`;
  const sentences = t.description.split(/(?<=\.) /);
  const reworded = "Now with example data staged at first boot.";
  sentences[sentences.length - 1] = reworded;
  let description = sentences.join(" ");
  if (description.length > DESCRIPTION_MAX_CHARS) description = `${sentences.slice(0, -2).join(" ")} ${reworded}`.trim();
  return {
    ...t,
    version,
    description,
    changelog: [{ version, date, changes: [{ kind: "changed", description: "Example data is now staged at first boot." }] }, ...(t.changelog ?? [])],
  };
}
