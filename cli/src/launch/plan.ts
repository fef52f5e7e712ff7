import { defaultInstanceType, instanceArchitecture } from "../../../core/aws/instance-types.js";
import { baseLoginUser } from "../../../core/provision/base-os.js";
import type { Architecture, BuiltAmi, Environment, PublishedTemplate } from "../../../core/types/generated.js";
import { CLI_EXIT, cliError } from "../lib/errors.js";
import { baseImageParameter } from "./base-images.js";
import { type EncodedUserData, encodeUserData, type ParamValues, renderUserData, resolveParameters } from "./user-data.js";

/**
 * Everything a launch will do, decided from the verified record and the flags alone (pure):
 * version, lifecycle, region, architecture, instance type, image, user data and tags. The IO
 * (owner check, SSM, RunInstances) only carries the plan out, so --dry-run shows exactly it.
 */

export interface LaunchFlags {
  instanceName: string;
  /** From `@version`. */
  version?: string | undefined;
  region?: string | undefined;
  instanceType?: string | undefined;
  architecture?: string | undefined;
  params: ParamValues;
  force: boolean;
}

export interface PlanContext {
  /** Base URL of the registry the record came from (the cws:marketplace tag). */
  registryUrl: string;
  /** Config `region` / AWS_REGION, when set. */
  configRegion?: string | undefined;
}

export type ImageChoice =
  | { kind: "ami"; ami: BuiltAmi }
  | {
      kind: "base";
      /** Public SSM parameter that names the base OS image in the region. */
      parameter: string;
      /** Regions where this architecture has a prebuilt AMI. */
      amiRegions: string[];
    };

export interface Tag {
  Key: string;
  Value: string;
}

export interface LaunchPlan {
  templateId: string;
  templateName: string;
  version: string;
  registryUrl: string;
  instanceName: string;
  region: string;
  architecture: Architecture;
  instanceType: string;
  rootVolumeGb?: number | undefined;
  image: ImageChoice;
  userData: { script: string | undefined; steps: string[]; encoded: EncodedUserData | undefined };
  tags: Tag[];
  connection: { type: NonNullable<Environment["connection_type"]>; ports: number[]; loginUser: string | undefined };
  /** Launch parameter values after defaults, as user data uses them. */
  parameters: ParamValues;
  /** A rough range for the first boot, until the environment is ready (see firstBootMinutes). */
  firstBootMinutes: { low: number; high: number };
  /** Shown before anything happens (deprecated, archived with --force, no prebuilt AMI). */
  warnings: string[];
}

export const DEFAULT_REGION = "us-east-1";

export function planLaunch(record: PublishedTemplate, flags: LaunchFlags, ctx: PlanContext): LaunchPlan {
  const id = record.template_id;
  const warnings: string[] = [];
  if (flags.version !== undefined && flags.version !== record.version) {
    throw cliError(
      "VERSION_NOT_FOUND",
      `${id}@${flags.version} is not available: the marketplace serves only the current version, ${record.version}`,
      `launch marketplace:${id}@${record.version} (or marketplace:${id})`,
      CLI_EXIT.notFound,
    );
  }
  checkInstanceName(flags.instanceName);
  lifecycle(record, flags.force, warnings);

  const region = flags.region ?? ctx.configRegion ?? DEFAULT_REGION;
  if (!record.regions.includes(region)) {
    throw cliError(
      "REGION_NOT_OFFERED",
      `${id} is not offered in ${region}`,
      `it is offered in ${record.regions.join(", ")}; pass --region ${record.regions[0] ?? ""}`,
      CLI_EXIT.notFound,
    );
  }

  const architecture = chooseArchitecture(record, flags);
  const instanceType = flags.instanceType ?? defaultInstanceType(record.environment, architecture).type;
  if (!instanceType) {
    throw cliError(
      "NO_INSTANCE_TYPE",
      `${id} names no default instance type for ${architecture}`,
      "pass --instance-type, e.g. --instance-type m7i.large",
      CLI_EXIT.usage,
    );
  }
  if (!flags.instanceType && instanceArchitecture(instanceType) !== architecture) {
    throw cliError("NO_INSTANCE_TYPE", `${id}'s default instance type ${instanceType} does not run ${architecture}`, "pass --instance-type", CLI_EXIT.usage);
  }

  const values = resolveParameters(record.environment, flags.params);
  const ami = record.amis[region]?.[architecture];
  let image: ImageChoice;
  if (ami) image = { kind: "ami", ami };
  else {
    const amiRegions = Object.keys(record.amis)
      .filter((r) => record.amis[r]?.[architecture])
      .sort();
    const parameter = baseImageParameter(record, architecture);
    const elsewhere =
      amiRegions.length > 0 ? `${list(amiRegions)} ${amiRegions.length === 1 ? "has" : "have"} one` : `no region has one for ${architecture} yet`;
    if (!parameter) {
      throw cliError(
        "NO_IMAGE",
        `${id} has no prebuilt AMI in ${region} for ${architecture}, and its base "${record.environment.base}" cannot be installed at launch`,
        amiRegions.length > 0 ? `${elsewhere}: pass --region ${amiRegions[0]}` : `${elsewhere}; ask the template's owners to build one`,
        CLI_EXIT.notFound,
      );
    }
    const otherArch = record.architecture.find((a) => a !== architecture && record.amis[region]?.[a]);
    warnings.push(
      `no prebuilt AMI in ${region} for ${architecture}; ${elsewhere}. This launch installs the environment on ${record.environment.base} at first boot, which takes longer.` +
        (otherArch ? ` (${otherArch} has one here: --architecture ${otherArch})` : ""),
    );
    image = { kind: "base", parameter, amiRegions };
  }

  const userData = renderUserData({
    templateId: id,
    version: record.version,
    env: record.environment,
    arch: architecture,
    values,
    fromBase: image.kind === "base",
  });
  const encoded = userData.script === undefined ? undefined : encodeUserData(userData.script);
  const env = record.environment;
  return {
    templateId: id,
    templateName: record.name,
    version: record.version,
    registryUrl: ctx.registryUrl,
    instanceName: flags.instanceName,
    region,
    architecture,
    instanceType,
    rootVolumeGb: env.instance_defaults.root_volume_gb,
    image,
    userData: { ...userData, encoded },
    tags: [
      { Key: "Name", Value: flags.instanceName },
      { Key: "cws:template", Value: id },
      { Key: "cws:template-version", Value: record.version },
      { Key: "cws:marketplace", Value: ctx.registryUrl },
    ],
    connection: {
      type: env.connection_type ?? "ssh",
      ports: [...new Set([...(env.ports ?? []), ...(env.instance_defaults.ports ?? [])])],
      loginUser: baseLoginUser(env.base),
    },
    parameters: values,
    firstBootMinutes: firstBootMinutes(env, image.kind, userData.steps.length),
    warnings,
  };
}

/**
 * A rough first-boot estimate, shown so a researcher knows whether to wait or come back: a
 * prebuilt AMI boots in a few minutes plus its launch-time steps; a base image installs every
 * package first (about 10 s each, on top of the OS update and the package manager's setup).
 */
export function firstBootMinutes(env: Environment, image: ImageChoice["kind"], steps: number): { low: number; high: number } {
  const boot = 2 + steps;
  if (image === "ami") return { low: boot, high: boot + 3 };
  const packages = Object.values(env.packages ?? {}).reduce((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
  const install = 5 + Math.ceil(packages / 6);
  return { low: boot + install, high: boot + install * 2 };
}

function checkInstanceName(name: string): void {
  // It becomes the Name tag, whose value EC2 limits to 256 characters.
  if (name.trim() === "" || name.length > 255 || /\p{Cc}/u.test(name)) {
    throw cliError(
      "BAD_NAME",
      `instance name ${JSON.stringify(name)} is not usable`,
      "give a name of 1-255 printable characters, e.g. my-genomics",
      CLI_EXIT.usage,
    );
  }
}

function lifecycle(record: PublishedTemplate, force: boolean, warnings: string[]): void {
  const pub = record.publication;
  const m = pub.maintenance;
  // The reason is a sentence of its own; drop its full stop so the warning's punctuation is not doubled.
  const why = m?.reason ? `: ${m.reason.trim().replace(/[.\s]+$/, "")}` : "";
  const instead = m?.replacement ? ` Use ${m.replacement} instead (cws launch marketplace:${m.replacement} <name>).` : "";
  if (pub.maintenance_status === "archived") {
    if (!force) {
      throw cliError(
        "ARCHIVED",
        `${record.template_id} is archived${m?.date ? ` since ${m.date}` : ""}${why}`,
        `${instead.trim() || "pick another template."} To launch it anyway, pass --force.`,
        CLI_EXIT.refused,
      );
    }
    warnings.push(`${record.template_id} is archived${why}; launching anyway because of --force.${instead}`);
  } else if (pub.maintenance_status === "deprecated") {
    warnings.push(`${record.template_id} is deprecated${m?.date ? ` since ${m.date}` : ""}${why}.${instead}`);
  }
}

function chooseArchitecture(record: PublishedTemplate, flags: LaunchFlags): Architecture {
  const offered = record.architecture;
  const fromType = flags.instanceType ? instanceArchitecture(flags.instanceType) : undefined;
  if (fromType === "unsupported") {
    throw cliError(
      "BAD_INSTANCE_TYPE",
      `${flags.instanceType} is a Mac instance type, which CloudWorkstation does not launch`,
      "pick an x86_64 or Graviton type",
      CLI_EXIT.usage,
    );
  }
  if (flags.architecture !== undefined && flags.architecture !== "x86_64" && flags.architecture !== "arm64") {
    throw cliError("BAD_ARCHITECTURE", `unknown architecture "${flags.architecture}"`, "use x86_64 or arm64", CLI_EXIT.usage);
  }
  if (flags.architecture && fromType && flags.architecture !== fromType) {
    throw cliError(
      "BAD_INSTANCE_TYPE",
      `${flags.instanceType} runs ${fromType}, not ${flags.architecture}`,
      "drop --architecture, or pick a matching --instance-type",
      CLI_EXIT.usage,
    );
  }
  const arch = (flags.architecture as Architecture | undefined) ?? fromType ?? offered[0];
  if (!arch || !offered.includes(arch)) {
    throw cliError(
      "ARCH_NOT_OFFERED",
      `${record.template_id} does not support ${arch ?? "any architecture"}${fromType && !flags.architecture ? ` (the architecture of ${flags.instanceType})` : ""}`,
      `it supports ${offered.join(", ")}`,
      CLI_EXIT.notFound,
    );
  }
  return arch;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
