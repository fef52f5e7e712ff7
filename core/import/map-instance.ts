/**
 * instance_defaults: sizes, ports and costs copy across; the default instance type per
 * architecture is derived the way CloudWorkstation picks it at launch (see graviton.ts), and
 * every derived value is reported as a CWS504 warning that says why.
 */
import type { Architecture, Environment } from "../types/generated.js";
import { counterpart, runsOn, workloadDefault, workloadOf } from "./graviton.js";
import { architectureOf } from "./map-metadata.js";
import type { Path, Source } from "./source.js";

type InstanceDefaults = Environment["instance_defaults"];
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const AT: Path = ["instance_defaults"];

export interface MappedInstance {
  defaults: InstanceDefaults;
  /** The architectures that have a default type; an architecture without one is dropped with a warning. */
  architecture: Architecture[];
}

export function mapInstanceDefaults(src: Source, architecture: readonly Architecture[], packages: readonly string[]): MappedInstance {
  const out = copyFields(src);
  const given: Partial<Record<Architecture, { type: string; path: Path }>> = {};
  // CloudWorkstation keeps per-architecture types in ami_config; the marketplace in instance_defaults.
  for (const key of src.keys(["ami_config", "instance_types"])) {
    const arch = architectureOf(key);
    const value = src.string(["ami_config", "instance_types", key]);
    if (!arch || value === undefined) continue;
    if (INSTANCE_TYPE.test(value)) given[arch] = { type: value, path: ["ami_config", "instance_types", key] };
    else src.report("CWS503", ["ami_config", "instance_types", key], `"${value}" is not an EC2 instance type`, "write family.size, such as m7g.large");
  }
  const single = out.type === undefined ? undefined : { type: out.type, path: [...AT, "type"] };
  const types: Partial<Record<Architecture, string>> = {};
  const kept: Architecture[] = [];
  for (const arch of architecture) {
    const type = pick(src, arch, given[arch] ?? single, packages);
    if (type === undefined) continue;
    kept.push(arch);
    if (type !== out.type) types[arch] = type;
  }
  for (const arch of architecture) {
    if (!kept.includes(arch) && out.estimated_cost_per_hour?.[arch] !== undefined) delete out.estimated_cost_per_hour[arch];
  }
  const { type, ...rest } = out;
  const defaults: InstanceDefaults = {
    ...(type !== undefined && { type }),
    ...(Object.keys(types).length > 0 && { instance_types: types }),
    ...rest,
  };
  return { defaults, architecture: kept };
}

/** The default type for one architecture, or undefined (with a warning) when the architecture has to go. */
function pick(src: Source, arch: Architecture, given: { type: string; path: Path } | undefined, packages: readonly string[]): string | undefined {
  if (!given) {
    // resolver.go selectOptimalInstanceTypes: no type at all, so the size follows the workload.
    const { workload, because } = workloadOf(packages);
    const type = workloadDefault(workload, arch);
    const why = because ? `the package "${because}" makes it a ${workload} workload` : "no package marks it as GPU, memory- or compute-intensive";
    src.report(
      "CWS504",
      AT,
      `no instance type given for ${arch}; using ${type}, CloudWorkstation's default for a ${workload} template (${why})`,
      `set instance_defaults.type (and ami_config.instance_types.${arch}) to choose another size`,
      true,
    );
    return type;
  }
  if (runsOn(given.type, arch)) return given.type;
  const other = counterpart(given.type, arch);
  if ("type" in other) {
    src.report(
      "CWS504",
      given.path,
      `${given.type} does not run ${arch}; using ${other.type} for ${arch}, the ${arch === "arm64" ? "Graviton" : "x86_64"} type of the same family and size`,
      `set ami_config.instance_types.${arch} to choose another type`,
    );
    return other.type;
  }
  src.report(
    "CWS504",
    given.path,
    `${arch} is not offered: ${given.type} does not run ${arch} and ${other.reason}`,
    `set ami_config.instance_types.${arch} to a type that runs ${arch} to offer it`,
  );
  return undefined;
}

function copyFields(src: Source): InstanceDefaults {
  const out: InstanceDefaults = {};
  const type = src.string([...AT, "type"]);
  if (type !== undefined) {
    if (INSTANCE_TYPE.test(type)) out.type = type;
    else src.report("CWS503", [...AT, "type"], `"${type}" is not an EC2 instance type`, "write family.size, such as m7i.xlarge");
  }
  const volume = src.integer([...AT, "root_volume_gb"]);
  if (volume !== undefined) {
    if (volume >= 8 && volume <= 16384) out.root_volume_gb = volume;
    else src.report("CWS503", [...AT, "root_volume_gb"], `root volume of ${volume} GiB is out of range`, "use 8 to 16384 GiB");
  }
  const ports = src.list([...AT, "ports"]);
  if (ports && ports.length > 0) {
    const list: number[] = [];
    ports.forEach((_, i) => {
      const port = src.integer([...AT, "ports", i]);
      if (port === undefined) return;
      if (port >= 1 && port <= 65535) list.push(port);
      else src.report("CWS503", [...AT, "ports", i], `port ${port} is not a TCP port`, "use ports between 1 and 65535");
    });
    const unique = [...new Set(list)];
    if (unique.length > 100) src.report("CWS503", [...AT, "ports"], `${unique.length} ports; the marketplace allows 100`, "open fewer ports");
    else if (unique.length > 0) out.ports = unique;
  }
  for (const key of src.keys([...AT, "estimated_cost_per_hour"])) {
    const arch = architectureOf(key); // unsupported architectures are reported with the platforms
    const cost = src.number([...AT, "estimated_cost_per_hour", key]);
    if (!arch || cost === undefined) continue;
    if (cost >= 0 && cost <= 1000) out.estimated_cost_per_hour = { ...out.estimated_cost_per_hour, [arch]: cost };
    else src.report("CWS503", [...AT, "estimated_cost_per_hour", key], `cost ${cost} USD/hour is out of range`, "use 0 to 1000 USD per hour");
  }
  src.dropOthers(
    AT,
    ["type", "root_volume_gb", "ports", "estimated_cost_per_hour"],
    "the marketplace keeps type, root_volume_gb, ports and estimated_cost_per_hour; mention other sizing advice in README.md",
  );
  return out;
}
