/**
 * The importer never writes an entry that `npm run validate` would reject: each converted
 * template is added, in memory, to a snapshot of the target registry and run through the same
 * validateRegistry (core/validate). Findings are reported at the YAML line that produced the
 * value, with the validator's own code and hint.
 */
import type { Diagnostic, Location } from "../diagnostics/diagnostic.js";
import type { RegistryEntry, RegistrySnapshot } from "../registry/snapshot.js";
import type { Template } from "../types/generated.js";
import { validateRegistry } from "../validate/validate-registry.js";
import type { Path, Source } from "./source.js";

export interface Candidate {
  template: Template;
  readme: string;
  /** Where a template.json pointer's value came from in the YAML. */
  locate: (pointer: string) => Location;
}

const encoder = new TextEncoder();

/**
 * Validates the candidates together with the registry. Returns, per template id, what the
 * validator found in that template, translated to YAML positions; a candidate with errors is
 * taken out and the rest checked again, so one bad file does not sink the others.
 */
export function checkCandidates(snapshot: RegistrySnapshot, candidates: readonly Candidate[]): Map<Candidate, Diagnostic[]> {
  const found = new Map<Candidate, Diagnostic[]>();
  let pending = [...candidates];
  for (let round = 0; round < candidates.length + 1 && pending.length > 0; round += 1) {
    const result = validateRegistry(withCandidates(snapshot, pending));
    const refused: Candidate[] = [];
    for (const c of pending) {
      const folder = `${prefix(snapshot)}templates/${c.template.template_id}/`;
      const own = result.diagnostics.filter((d) => d.file.startsWith(folder)).map((d) => translate(d, c, folder));
      found.set(c, own);
      if (own.some((d) => d.severity === "error")) refused.push(c);
    }
    if (refused.length === 0) break;
    pending = pending.filter((c) => !refused.includes(c));
  }
  return found;
}

function prefix(snapshot: RegistrySnapshot): string {
  return snapshot.root === "" ? "" : `${snapshot.root}/`;
}

function withCandidates(snapshot: RegistrySnapshot, candidates: readonly Candidate[]): RegistrySnapshot {
  const root = prefix(snapshot);
  const folders = candidates.map((c) => `${root}templates/${c.template.template_id}`);
  // A candidate replaces what is in its folder (--force), so the old files do not count.
  const entries: RegistryEntry[] = snapshot.entries.filter((e) => !folders.some((f) => e.path === f || e.path.startsWith(`${f}/`)));
  const dirs = new Set(entries.filter((e) => e.kind === "directory").map((e) => e.path));
  if (!dirs.has(`${root}templates`)) entries.push(directory(`${root}templates`));
  candidates.forEach((c, i) => {
    const folder = folders[i] as string;
    entries.push(directory(folder), file(`${folder}/template.json`, `${JSON.stringify(c.template, null, 2)}\n`), file(`${folder}/README.md`, c.readme));
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: snapshot.root, entries };
}

function directory(path: string): RegistryEntry {
  return { path, kind: "directory", size: 0 };
}

function file(path: string, text: string): RegistryEntry {
  const bytes = encoder.encode(text);
  return { path, kind: "file", size: bytes.length, bytes };
}

function translate(d: Diagnostic, c: Candidate, folder: string): Diagnostic {
  const name = d.file.slice(folder.length);
  const where = name === "template.json" && d.pointer ? `template.json ${d.pointer}` : name;
  const at = name === "template.json" ? c.locate(d.pointer) : c.locate("");
  return { ...d, ...at, message: `${d.message} (in the generated ${where})`, hint: `${d.hint}; make the change in the YAML and import again` };
}

/** The YAML field a template.json pointer was made from, for reporting a validator finding. */
export function yamlPathFor(pointer: string, src: Source): Path {
  const segs: Path = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const [head, ...rest] = segs;
  if (head === "environment") {
    const [field, sub, arch] = rest;
    if (field === "instance_defaults" && sub === "instance_types" && arch !== undefined) {
      if (src.has(["ami_config", "instance_types", arch])) return ["ami_config", "instance_types", arch];
      return src.has(["instance_defaults", "type"]) ? ["instance_defaults", "type"] : ["instance_defaults"];
    }
    if (field === "parameters" && sub !== undefined && !src.has(["parameters", sub]) && src.has(["variables", sub])) return ["variables", sub];
    return rest;
  }
  switch (head) {
    case "template_id":
      return src.has(["slug"]) ? ["slug"] : ["name"];
    case "name":
    case "description":
    case "version":
    case "category":
      return [head];
    case "tags":
      return ["tags"];
    case "research_domains":
      return ["domain"];
    case "regions":
      return ["ami_config", "amis"];
    case "architecture":
      return ["instance_defaults", "estimated_cost_per_hour"];
    case "author":
    case "owners":
      return ["maintainer"];
    default:
      return [];
  }
}
