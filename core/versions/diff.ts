import { compareVersions, type SoftwareEntry } from "../spec/software.js";
import type { Template, TemplateVersion } from "../types/generated.js";
import { printable } from "../util/printable.js";
import { parsePackageSpec } from "../validate/rules/package-spec.js";
import { diffScripts, type ScriptChange, scriptLines } from "./script-diff.js";

/**
 * What changed between two versions of a template, or between a fork and its parent, as data:
 * packages, base image, instance defaults, ports, services and scripts (user_data, post_install).
 * The CLI (`cws marketplace diff`) and the site's version timeline both render this one result.
 * Packages come from the installed software the AMI pipeline recorded when both sides have it,
 * else from the declared packages (version constraints, not installed versions).
 */

/** One side of a diff: a version record's template, and its installed software when recorded. */
export interface DiffSide {
  template_id: string;
  version: string;
  template: Omit<Template, "$schema">;
  software?: readonly SoftwareEntry[] | undefined;
}

/**
 * A version record as one side of a diff: its installed software only when the AMI pipeline
 * recorded it. Software a record marks as declared (no image built) holds constraints, not
 * installed versions, so that side falls back to the template's declared packages.
 */
export function diffSide(record: TemplateVersion): DiffSide {
  const software = record.software && record.software_source === "sbom" ? { software: record.software } : {};
  return { template_id: record.template_id, version: record.version, template: record.template, ...software };
}

export interface PackageRef {
  name: string;
  /** deb, rpm, conda, pip or spack for installed software; system, conda, pip or spack for declared packages. */
  ecosystem: string;
  version: string;
}

export interface PackageChange {
  name: string;
  ecosystem: string;
  from: string;
  to: string;
}

export interface ValueChange {
  field: string;
  from: string;
  to: string;
}

export interface VersionDiff {
  from: { template_id: string; version: string };
  to: { template_id: string; version: string };
  packages: {
    source: "software" | "declared";
    added: PackageRef[];
    removed: PackageRef[];
    upgraded: PackageChange[];
    downgraded: PackageChange[];
    changed: PackageChange[];
  };
  base: ValueChange[];
  instance_defaults: ValueChange[];
  ports: { added: number[]; removed: number[] };
  services: { added: string[]; removed: string[]; changed: string[] };
  scripts: ScriptChange[];
  /** True when nothing above differs. */
  identical: boolean;
}

export function diffVersions(a: DiffSide, b: DiffSide): VersionDiff {
  const useSoftware = a.software !== undefined && b.software !== undefined;
  const packages = diffPackages(
    useSoftware ? installed(a.software ?? []) : declared(a.template),
    useSoftware ? installed(b.software ?? []) : declared(b.template),
  );
  const envA = a.template.environment;
  const envB = b.template.environment;
  const base = changes([
    ["base", envA.base, envB.base],
    ["package_manager", envA.package_manager, envB.package_manager],
    ["ami.base_image", a.template.ami?.base_image ?? "", b.template.ami?.base_image ?? ""],
  ]);
  const da = envA.instance_defaults;
  const db = envB.instance_defaults;
  const instance_defaults = changes([
    ["type", da.type ?? "", db.type ?? ""],
    ["instance_types.x86_64", da.instance_types?.x86_64 ?? "", db.instance_types?.x86_64 ?? ""],
    ["instance_types.arm64", da.instance_types?.arm64 ?? "", db.instance_types?.arm64 ?? ""],
    ["root_volume_gb", String(da.root_volume_gb ?? ""), String(db.root_volume_gb ?? "")],
    ["estimated_cost_per_hour.x86_64", String(da.estimated_cost_per_hour?.x86_64 ?? ""), String(db.estimated_cost_per_hour?.x86_64 ?? "")],
    ["estimated_cost_per_hour.arm64", String(da.estimated_cost_per_hour?.arm64 ?? ""), String(db.estimated_cost_per_hour?.arm64 ?? "")],
    ["architecture", a.template.architecture.join(", "), b.template.architecture.join(", ")],
  ]);
  const portsA = new Set([...(envA.ports ?? []), ...(da.ports ?? [])]);
  const portsB = new Set([...(envB.ports ?? []), ...(db.ports ?? [])]);
  const ports = {
    added: [...portsB].filter((p) => !portsA.has(p)).sort((x, y) => x - y),
    removed: [...portsA].filter((p) => !portsB.has(p)).sort((x, y) => x - y),
  };
  const svcA = new Map((envA.services ?? []).map((s) => [s.name, JSON.stringify(s)]));
  const svcB = new Map((envB.services ?? []).map((s) => [s.name, JSON.stringify(s)]));
  const services = {
    added: [...svcB.keys()].filter((n) => !svcA.has(n)).sort(),
    removed: [...svcA.keys()].filter((n) => !svcB.has(n)).sort(),
    changed: [...svcB.keys()].filter((n) => svcA.has(n) && svcA.get(n) !== svcB.get(n)).sort(),
  };
  const scripts = diffScripts(a.template, b.template);
  const identical =
    [
      packages.added,
      packages.removed,
      packages.upgraded,
      packages.downgraded,
      packages.changed,
      base,
      instance_defaults,
      ports.added,
      ports.removed,
      scripts,
    ].every((l) => l.length === 0) && services.added.length + services.removed.length + services.changed.length === 0;
  return {
    from: { template_id: a.template_id, version: a.version },
    to: { template_id: b.template_id, version: b.version },
    packages: { source: useSoftware ? "software" : "declared", ...packages },
    base,
    instance_defaults,
    ports,
    services,
    scripts,
    identical,
  };
}

function installed(software: readonly SoftwareEntry[]): Map<string, PackageRef> {
  return new Map(software.map((s) => [`${s.ecosystem}:${s.name}`, { name: s.name, ecosystem: s.ecosystem, version: s.version }]));
}

function declared(t: Omit<Template, "$schema">): Map<string, PackageRef> {
  const out = new Map<string, PackageRef>();
  for (const manager of ["system", "conda", "pip", "spack"] as const) {
    for (const spec of t.environment.packages?.[manager] ?? []) {
      const { name, constraint } = parsePackageSpec(manager, spec);
      out.set(`${manager}:${name}`, { name, ecosystem: manager, version: constraint });
    }
  }
  return out;
}

function diffPackages(a: Map<string, PackageRef>, b: Map<string, PackageRef>) {
  const byKey = (x: PackageRef, y: PackageRef) => (x.ecosystem === y.ecosystem ? (x.name < y.name ? -1 : 1) : x.ecosystem < y.ecosystem ? -1 : 1);
  const added = [...b]
    .filter(([k]) => !a.has(k))
    .map(([, p]) => p)
    .sort(byKey);
  const removed = [...a]
    .filter(([k]) => !b.has(k))
    .map(([, p]) => p)
    .sort(byKey);
  const upgraded: PackageChange[] = [];
  const downgraded: PackageChange[] = [];
  const changed: PackageChange[] = [];
  for (const [key, to] of [...b].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const from = a.get(key);
    if (!from || from.version === to.version) continue;
    const change = { name: to.name, ecosystem: to.ecosystem, from: from.version, to: to.version };
    const order = compareLoose(from.version, to.version);
    (order === undefined ? changed : order < 0 ? upgraded : downgraded).push(change);
  }
  return { added, removed, upgraded, downgraded, changed };
}

/**
 * Orders two versions the way `--has` does (core/spec/software.ts: 1.20 > 1.9, 1.0~rc1 and 1.0rc1
 * before 1.0), ignoring a declared constraint's operator ("=1.2", ">=1.2"); undefined when either
 * has no number: an unpinned package has no direction of change.
 */
export function compareLoose(a: string, b: string): number | undefined {
  const bare = (s: string) => s.replace(/^[<>=!~^\s]+/, "");
  if (!/\d/.test(a) || !/\d/.test(b)) return undefined;
  return compareVersions(bare(a), bare(b));
}

function changes(rows: [string, string, string][]): ValueChange[] {
  return rows.filter(([, from, to]) => from !== to).map(([field, from, to]) => ({ field, from, to }));
}

/**
 * The diff as plain lines (the CLI prints them; the site shows the same lines). Every value is
 * escaped: package names come from the images' package tools and scripts from the publisher.
 */
export function diffLines(d: VersionDiff): string[] {
  return rawLines(d).map(printable);
}

function rawLines(d: VersionDiff): string[] {
  const out = [`${d.from.template_id}@${d.from.version} → ${d.to.template_id}@${d.to.version}`];
  if (d.identical) return [...out, "no differences in packages, base image, instance defaults, ports, services or scripts"];
  const v = (s: string) => s || "(unpinned)";
  const pk = d.packages;
  if (pk.added.length + pk.removed.length + pk.upgraded.length + pk.downgraded.length + pk.changed.length > 0) {
    out.push(`packages (${pk.source === "software" ? "installed software" : "declared packages"}):`);
    for (const p of pk.added) out.push(`  + ${p.ecosystem} ${p.name} ${v(p.version)}`);
    for (const p of pk.removed) out.push(`  - ${p.ecosystem} ${p.name} ${v(p.version)}`);
    for (const p of pk.upgraded) out.push(`  ↑ ${p.ecosystem} ${p.name} ${v(p.from)} → ${v(p.to)}`);
    for (const p of pk.downgraded) out.push(`  ↓ ${p.ecosystem} ${p.name} ${v(p.from)} → ${v(p.to)}`);
    for (const p of pk.changed) out.push(`  ~ ${p.ecosystem} ${p.name} ${v(p.from)} → ${v(p.to)}`);
  }
  const values = (title: string, list: ValueChange[]) => {
    if (list.length === 0) return;
    out.push(`${title}:`);
    for (const c of list) out.push(`  ${c.field}: ${c.from || "(none)"} → ${c.to || "(none)"}`);
  };
  values("base image", d.base);
  values("instance defaults", d.instance_defaults);
  if (d.ports.added.length + d.ports.removed.length > 0) {
    out.push("ports:");
    for (const p of d.ports.added) out.push(`  + ${p}`);
    for (const p of d.ports.removed) out.push(`  - ${p}`);
  }
  const s = d.services;
  if (s.added.length + s.removed.length + s.changed.length > 0) {
    out.push("services:");
    for (const n of s.added) out.push(`  + ${n}`);
    for (const n of s.removed) out.push(`  - ${n}`);
    for (const n of s.changed) out.push(`  ~ ${n}`);
  }
  out.push(...scriptLines(d.scripts));
  return out;
}
