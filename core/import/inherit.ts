/**
 * `inherits: ["Rocky Linux 9 Base"]`: parents are found by display name among the templates next
 * to the file (CloudWorkstation's TemplateRegistry.ScanTemplates indexes every *.yml/*.yaml of its
 * template folders by name, first one wins) and flattened as its mergeTemplate does
 * (pkg/templates/parser.go): parents first in the order listed, each resolved recursively; lists
 * appended (ports without repeats), maps merged key by key, and the child's scalars override.
 * Identity (name, slug, description, version, maintainer) is the child's own, as upstream builds
 * the merged template from the child's. Every merged value remembers the file it came from, so
 * a problem in an inherited value is reported at its line in the parent's file.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/make.js";
import { parsePackageSpec } from "../validate/rules/package-spec.js";
import { closestIds } from "./slug.js";
import { isRecord, jsonPointer, loadSource, type Path, Source, type YamlFile } from "./source.js";

/** A YAML file near the one being imported, as text (the CLI reads them; the core stays pure). */
export interface LibraryFile {
  file: string;
  text: string;
}

/** Fields that are never inherited: the merged template is the child, with the parents' content. */
const OWN_FIELDS = new Set(["name", "slug", "description", "long_description", "version", "maintainer", "inherits", "last_updated"]);
const KEYED_LISTS: Record<string, (item: unknown, path: Path) => string | undefined> = {
  users: (item) => (isRecord(item) && typeof item.name === "string" ? item.name : undefined),
  services: (item) => (isRecord(item) && typeof item.name === "string" ? item.name : undefined),
};
const PACKAGE_KINDS = ["system", "conda", "pip", "spack"] as const;

type Located = { yaml: YamlFile; path: Path };

/**
 * Templates by display name; the first file with a name wins, as upstream. The files are read
 * and parsed on the first lookup, so a template without inherits never scans its folder.
 */
export class TemplateLibrary {
  private index: Map<string, Source> | undefined;

  constructor(private readonly files: readonly LibraryFile[] | (() => readonly LibraryFile[])) {}

  private byName(): Map<string, Source> {
    if (this.index) return this.index;
    const index = new Map<string, Source>();
    const files = typeof this.files === "function" ? this.files() : this.files;
    for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
      const src = loadSource(f.text, f.file).source;
      const name = src?.string(["name"])?.trim();
      if (src && name && !index.has(name)) index.set(name, src);
    }
    this.index = index;
    return index;
  }

  get(name: string): Source | undefined {
    return this.byName().get(name.trim());
  }

  names(): string[] {
    return [...this.byName().keys()];
  }
}

/** The template with its parents merged in; the source itself when it inherits nothing. Problems go to src.diagnostics. */
export function resolveInheritance(src: Source, library: TemplateLibrary | undefined): Source {
  if ((src.strings(["inherits"]) ?? []).length === 0) return src;
  const merged = new Merge();
  const chain: string[] = [];
  const ok = flatten(src, library, [src.string(["name"])?.trim() ?? ""], merged, chain, (d) => src.diagnostics.push(d));
  if (!ok) return src;
  const origin = (path: Path): Located => {
    for (let n = path.length; n >= 0; n -= 1) {
      const at = merged.origins.get(jsonPointer(path.slice(0, n)));
      if (at) return { yaml: at.yaml, path: [...at.path, ...path.slice(n)] };
    }
    return { yaml: src.yaml, path };
  };
  const out = new Source(src.file, src.yaml, merged.root, origin);
  out.diagnostics.push(...src.diagnostics, ...merged.notes(src));
  const files = chain.map((c) => `"${c}"`).join(", ");
  out.report(
    "CWS504",
    ["inherits"],
    `merged ${chain.length === 1 ? "parent" : `${chain.length} parents`} ${files} into this template`,
    "lists are appended to the parents' and this file's values override theirs, as CloudWorkstation resolves inherits; check template.json",
    true,
  );
  return out;
}

function flatten(src: Source, library: TemplateLibrary | undefined, stack: string[], into: Merge, chain: string[], report: (d: Diagnostic) => void): boolean {
  let ok = true;
  (src.strings(["inherits"]) ?? []).forEach((raw, i) => {
    const name = raw.trim();
    const at = src.location(["inherits", i]);
    if (stack.includes(name)) {
      const cycle = [...stack.slice(stack.indexOf(name)), name].map((n) => `"${n}"`).join(" → ");
      report(
        diagnostic(
          "CWS502",
          at,
          `inheritance cycle: ${cycle}`,
          "CloudWorkstation cannot resolve a template that inherits itself; remove one of the inherits entries",
        ),
      );
      ok = false;
      return;
    }
    const parent = library?.get(name);
    if (!parent) {
      const known = (library?.names() ?? []).filter((n) => !stack.includes(n));
      const near =
        known.length > 0
          ? `; templates found there: ${closestIds(name, known)
              .map((n) => `"${n}"`)
              .join(", ")}`
          : "; no other templates were found there";
      report(
        diagnostic(
          "CWS502",
          at,
          `parent template "${name}" not found`,
          `parents are found by their name: field among the YAML files in this file's folder and --templates-dir${near}`,
        ),
      );
      ok = false;
      return;
    }
    if (!flatten(parent, library, [...stack, name], into, chain, report)) {
      ok = false;
      return;
    }
    into.add(parent, false);
    if (!chain.includes(name)) chain.push(name);
  });
  if (ok && stack.length === 1) into.add(src, true);
  return ok;
}

/** The merged data plus, for every value, where it came from. */
class Merge {
  readonly root: Record<string, unknown> = {};
  readonly origins = new Map<string, Located>();
  private readonly replaced: { path: Path; what: string }[] = [];
  private readonly added = new Set<Source>();

  add(src: Source, isChild: boolean): void {
    // A parent reached twice (two parents sharing a base) is merged once, so its scripts run once.
    if (this.added.has(src)) return;
    this.added.add(src);
    for (const key of Object.keys(src.root)) {
      if (!isChild && OWN_FIELDS.has(key)) continue;
      const value = src.root[key];
      if (value === null || value === undefined) continue;
      if (key === "ami_config" || key === "post_install") {
        // ami_config replaces the parent's whole (mergeTemplate); post_install scripts run one after the other.
        const before = this.root[key];
        const next = key === "post_install" && typeof before === "string" && typeof value === "string" ? joinScripts(before, value, src) : value;
        this.set([key], next, src, [key]);
        continue;
      }
      this.merge([key], value, src, [key]);
    }
  }

  private merge(path: Path, value: unknown, src: Source, from: Path): void {
    const current = get(this.root, path);
    if (Array.isArray(value) && Array.isArray(current)) {
      value.forEach((item, i) => {
        this.append(path, current, item, src, [...from, i]);
      });
    } else if (isRecord(value) && isRecord(current)) {
      // The mapping as a whole is now the latest file's (its own keys keep their own origins).
      this.origins.set(jsonPointer(path), src.originOf(from));
      for (const key of Object.keys(value)) {
        if (value[key] !== null && value[key] !== undefined) this.merge([...path, key], value[key], src, [...from, key]);
      }
    } else {
      this.set(path, value, src, from);
    }
  }

  private append(path: Path, list: unknown[], item: unknown, src: Source, from: Path): void {
    const key = keyOf(path, item);
    const index = key === undefined ? -1 : list.findIndex((x) => keyOf(path, x) === key);
    if (index >= 0 && jsonPointer(path) === "/instance_defaults/ports") return; // ports: append without repeats
    if (index >= 0) {
      // The child's entry for the same user, service or package replaces the parent's.
      this.replaced.push({ path: [...path, index], what: String(key) });
      this.set([...path, index], item, src, from);
      return;
    }
    this.set([...path, list.length], item, src, from);
  }

  private set(path: Path, value: unknown, src: Source, from: Path): void {
    put(this.root, path, structuredClone(value));
    for (const pointer of [...this.origins.keys()]) if (pointer.startsWith(`${jsonPointer(path)}/`)) this.origins.delete(pointer);
    this.record(path, value, src, from);
  }

  private record(path: Path, value: unknown, src: Source, from: Path): void {
    this.origins.set(jsonPointer(path), src.originOf(from));
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        this.record([...path, i], v, src, [...from, i]);
      });
    } else if (isRecord(value)) for (const k of Object.keys(value)) this.record([...path, k], value[k], src, [...from, k]);
  }

  notes(src: Source): Diagnostic[] {
    return this.replaced.map((r) =>
      diagnostic(
        "CWS504",
        { ...src.location(r.path), pointer: jsonPointer(r.path) },
        `"${r.what}" is listed by a parent too; this template's entry replaces the parent's`,
        "CloudWorkstation would set it up twice; the marketplace keeps one entry",
      ),
    );
  }
}

function keyOf(path: Path, item: unknown): string | undefined {
  const field = String(path[0]);
  const keyed = KEYED_LISTS[field];
  if (keyed && path.length === 1) return keyed(item, path);
  if (field === "packages" && path.length === 2 && typeof item === "string") {
    const kind = PACKAGE_KINDS.find((k) => k === path[1]);
    return kind ? parsePackageSpec(kind, item).name : undefined;
  }
  if (jsonPointer(path) === "/instance_defaults/ports") return String(item);
  return undefined;
}

function joinScripts(parent: string, child: string, src: Source): string {
  return `${parent.replace(/\n+$/, "")}\n\n# --- ${src.string(["name"]) ?? "child template"} ---\n${child}`;
}

function get(root: Record<string, unknown>, path: Path): unknown {
  let cur: unknown = root;
  for (const seg of path) cur = Array.isArray(cur) ? cur[Number(seg)] : isRecord(cur) ? cur[String(seg)] : undefined;
  return cur;
}

function put(root: Record<string, unknown>, path: Path, value: unknown): void {
  let cur: Record<string, unknown> | unknown[] = root;
  path.forEach((seg, i) => {
    const last = i === path.length - 1;
    const holder = cur as Record<string | number, unknown>;
    if (last) holder[seg] = value;
    else {
      if (holder[seg] === undefined || holder[seg] === null) holder[seg] = typeof path[i + 1] === "number" ? [] : {};
      cur = holder[seg] as Record<string, unknown>;
    }
  });
}
