/**
 * Marketplace metadata (id, name, people, category, platforms) from a CloudWorkstation
 * template plus command-line options. Each mapper reports its own problems on the Source and
 * returns undefined when the value cannot be produced.
 */
import { instanceArchitecture } from "../aws/instance-types.js";
import { AWS_REGIONS } from "../aws/regions.js";
import { HANDLE, TEMPLATE_ID } from "../spec/ids.js";
import type { Architecture } from "../types/generated.js";
import { normaliseVersion, toHandle, toTemplateId } from "./slug.js";
import type { Path, Source } from "./source.js";
import { DEFAULT_REGIONS, type ImportOptions } from "./types.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const ID_HINT = "pass --id with 3-64 lowercase letters, digits and single hyphens, such as python-ml";

export function mapId(src: Source, options: ImportOptions): string | undefined {
  if (options.id !== undefined) {
    if (TEMPLATE_ID.test(options.id)) return options.id;
    src.report("CWS503", [], `--id "${options.id}" is not a valid template id`, ID_HINT);
    return undefined;
  }
  // CloudWorkstation generates the slug from the name when it is missing; so do we.
  const field = src.has(["slug"]) ? "slug" : "name";
  const text = src.string([field]);
  if (text === undefined) return undefined; // a missing name is reported as CWS502 elsewhere
  const id = toTemplateId(text);
  if (!id) {
    src.report("CWS503", [field], `cannot make a template id from ${field} "${text}"`, ID_HINT);
  } else if (field === "slug" && id !== text) {
    src.report(
      "CWS504",
      ["slug"],
      `slug "${text}" is not a valid template id; using "${id}"`,
      `ids never change once published; ${ID_HINT} to choose another`,
      true,
    );
  }
  return id;
}

export function mapName(src: Source): string | undefined {
  const name = src.string(["name"])?.trim().replace(/\s+/g, " ");
  if (name === undefined) return undefined;
  if (name.length >= 3 && name.length <= 80) return name;
  src.report(
    "CWS503",
    ["name"],
    `name is ${plural(name.length, "character")}; the marketplace needs 3 to 80`,
    "shorten the display name; details belong in the description",
  );
  return undefined;
}

export interface MappedDescription {
  /** At most 300 characters, for template.json. */
  short: string;
  /** The whole text, for README.md. */
  full: string;
}

export function mapDescription(src: Source): MappedDescription | undefined {
  const full = src.string(["description"])?.trim().replace(/\s+/g, " ");
  if (full === undefined) return undefined;
  if (full.length < 10) {
    src.report(
      "CWS503",
      ["description"],
      `description is only ${plural(full.length, "character")}`,
      "write one or two sentences (at least 10 characters) saying what the environment is for",
    );
    return undefined;
  }
  if (full.length <= 300) return { short: full, full };
  // Cut at the last word boundary that leaves room for the ellipsis.
  const cut = full.slice(0, 299);
  const space = cut.lastIndexOf(" ");
  const short = `${(space > 200 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
  src.report(
    "CWS504",
    ["description"],
    "description is longer than 300 characters and was shortened",
    "the full text is kept at the top of README.md; consider writing a shorter description",
    true,
  );
  return { short, full };
}

export function mapVersion(src: Source): string | undefined {
  const raw = src.string(["version"]);
  if (raw === undefined) return "1.0.0";
  const version = normaliseVersion(raw);
  if (version) return version;
  src.report("CWS503", ["version"], `version "${raw}" is not a version number`, "write it as MAJOR.MINOR.PATCH, such as 1.0.0 (1.0 is read as 1.0.0)");
  return undefined;
}

export function mapPeople(src: Source, options: ImportOptions): { author: string; owners: string[] } | undefined {
  let author = options.author;
  if (author !== undefined && !HANDLE.test(author)) {
    src.report(
      "CWS503",
      [],
      `--author "${author}" is not a valid handle`,
      "use your GitHub handle: lowercase letters, digits and single hyphens, at most 39 characters",
    );
    return undefined;
  }
  if (author === undefined) {
    const maintainer = src.string(["maintainer"]);
    author = maintainer === undefined ? undefined : toHandle(maintainer);
    if (author === undefined) {
      const why = maintainer === undefined ? "the template has no maintainer" : `maintainer "${maintainer}" cannot be turned into a handle`;
      src.report("CWS503", maintainer === undefined ? [] : ["maintainer"], `no author: ${why}`, "pass --author <github-handle> to credit the template");
      return undefined;
    }
  }
  const owners = [...new Set([author, ...(options.owners ?? [])])];
  const bad = owners.filter((o) => !HANDLE.test(o));
  if (bad.length > 0) {
    src.report(
      "CWS503",
      [],
      `--owner ${bad.map((b) => `"${b}"`).join(", ")} is not a valid handle`,
      "owners are GitHub handles: lowercase letters, digits and single hyphens",
    );
    return undefined;
  }
  if (owners.length > 20) {
    src.report("CWS503", [], `${owners.length} owners given; the marketplace allows at most 20`, "list fewer --owner handles, or use a GitHub team handle");
    return undefined;
  }
  return { author, owners };
}

const ARCHITECTURES: Record<string, Architecture> = { x86_64: "x86_64", amd64: "x86_64", x64: "x86_64", arm64: "arm64", aarch64: "arm64" };

/** The marketplace architecture for a CloudWorkstation architecture key, if supported. */
export function architectureOf(key: string): Architecture | undefined {
  return ARCHITECTURES[key.toLowerCase()];
}

/**
 * Architectures from every per-architecture map (costs, AMIs, instance types), and regions from
 * the AMI map; without them, x86_64 in CloudWorkstation's default regions.
 */
export function mapPlatforms(src: Source): { architecture: [Architecture, ...Architecture[]]; regions: [string, ...string[]] } {
  const seen = new Set<Architecture>();
  const addArch = (path: Path) => {
    const key = String(path[path.length - 1]);
    const arch = architectureOf(key);
    if (arch) seen.add(arch);
    else src.report("CWS504", path, `architecture "${key}" is not carried over`, "the marketplace supports x86_64 and arm64 (Graviton) only", true);
  };
  const regions: string[] = [];
  for (const key of src.keys(["instance_defaults", "estimated_cost_per_hour"])) addArch(["instance_defaults", "estimated_cost_per_hour", key]);
  for (const region of src.keys(["ami_config", "amis"])) {
    if (AWS_REGIONS.has(region)) regions.push(region);
    else
      src.report(
        "CWS504",
        ["ami_config", "amis", region],
        `"${region}" is not an AWS region and is not carried over`,
        "use region codes such as us-east-1",
        true,
      );
    for (const key of src.keys(["ami_config", "amis", region])) addArch(["ami_config", "amis", region, key]);
  }
  for (const key of src.keys(["ami_config", "instance_types"])) addArch(["ami_config", "instance_types", key]);
  const ordered = (["x86_64", "arm64"] as const).filter((a) => seen.has(a));
  // Nothing names an architecture: the one the instance type runs, else x86_64 (CloudWorkstation's default).
  const type = src.has(["instance_defaults", "type"]) ? src.string(["instance_defaults", "type"]) : undefined;
  const implied = type !== undefined && instanceArchitecture(type) === "arm64" ? "arm64" : "x86_64";
  const [first = implied, ...rest] = ordered;
  const [r0 = DEFAULT_REGIONS[0], ...rs] = regions.length > 0 ? regions.slice(0, 40) : [...DEFAULT_REGIONS];
  return { architecture: [first, ...rest], regions: [r0, ...rs] };
}
