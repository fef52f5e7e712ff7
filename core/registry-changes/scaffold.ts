import { instanceArchitecture } from "../aws/instance-types.js";
import { EXIT } from "../errors.js";
import { escapeText } from "../import/render-readme.js";
import { toTemplateId } from "../import/slug.js";
import type { Architecture, Environment, Template } from "../types/generated.js";
import { compareSemver, parseSemver } from "../util/semver.js";
import { deepClone, publishError, readTemplate, requireHandle } from "./files.js";
import { type PublishMetadata, publishTemplate } from "./publish.js";
import type { RegistryChange, RegistryFiles } from "./types.js";
import { templateFile } from "./types.js";

/** What DescribeInstances (and the instance's security groups) say about a running workstation. */
export interface WorkstationFacts {
  instanceId: string;
  /** The Name tag. */
  name?: string;
  region: string;
  architecture: Architecture;
  instanceType: string;
  /** TCP ports its security groups open. */
  ports: number[];
  /** Its tags; CloudWorkstation's launch sets cws:template and cws:template-version. */
  tags: Record<string, string>;
}

/** An image made from the workstation (CreateImage), to be recorded as the template's AMI source. */
export interface CapturedImage {
  imageId: string;
  region: string;
  ownerId: string;
  instanceId: string;
  createdAt?: string;
}

export interface ScaffoldOptions {
  actor: string;
  /** Template id; default the --name (else the instance's Name tag) in kebab-case. */
  id?: string;
  meta: PublishMetadata;
  /** Regions to offer and replicate the AMI to, besides the instance's own. */
  regions?: string[];
  image?: CapturedImage;
  /** A README to use instead of the generated one. */
  readme?: string;
  now?: Date;
}

export interface Scaffold {
  template: Template;
  readme: string;
  /** The marketplace template the instance was launched from, when the registry has it. */
  parent?: { id: string; version: string };
  warnings: string[];
}

export const TEMPLATE_TAG = "cws:template";
export const TEMPLATE_VERSION_TAG = "cws:template-version";

/**
 * A new template describing a running workstation. Architecture, instance type, region and ports
 * come from the instance; when its cws:template tag names a registry template, the environment
 * (packages, services, users, tests) is that template's and forked_from records it. A captured
 * image (--generate-ami) is recorded as ami.source_images so the AMI pipeline replicates it.
 */
export function scaffoldFromInstance(registry: RegistryFiles, facts: WorkstationFacts, options: ScaffoldOptions): Scaffold {
  const actor = requireHandle(options.actor);
  const warnings: string[] = [];
  const parentId = facts.tags[TEMPLATE_TAG];
  const parent = parentId && registry.has(templateFile(parentId)) ? readTemplate(registry, parentId) : undefined;
  if (parentId && !parent) {
    warnings.push(
      `${facts.instanceId} was launched from "${parentId}", which is not in the registry (a local CloudWorkstation template?); publish that file with --from-file to carry its packages`,
    );
  }
  if (!parent && !options.image) {
    throw publishError(
      "NOTHING_TO_DESCRIBE",
      `${facts.instanceId} was not launched from a marketplace template, so there is no environment to publish`,
      "pass --generate-ami to capture the workstation as an image, or publish its CloudWorkstation template with --from-file",
      EXIT.usage,
    );
  }
  if (instanceArchitecture(facts.instanceType) !== facts.architecture) {
    warnings.push(`${facts.instanceType} is reported as ${facts.architecture}; the template uses ${facts.architecture}`);
  }

  const meta = options.meta;
  const name = meta.name ?? facts.name;
  if (!name) {
    throw publishError("NAME_REQUIRED", "the template needs a display name", '--name "Lab genomics workstation"');
  }
  const id = options.id ?? toTemplateId(name);
  if (!id) throw publishError("ID_REQUIRED", `cannot make a template id from "${name}"`, "pass --id my-template-id");
  const description = meta.description ?? parent?.description;
  if (!description) throw publishError("DESCRIPTION_REQUIRED", "the template needs a description", '--description "One or two sentences on what it is for"');
  const category = meta.category ?? parent?.category;
  if (!category) throw publishError("CATEGORY_REQUIRED", "the template needs a category", "--category <id> (see `cws marketplace categories`)");

  const arch = facts.architecture;
  // A captured image starts in one region: offer it where it is replicated, not everywhere the parent ran.
  const regions = unique([facts.region, ...(options.regions ?? (options.image ? [] : (parent?.regions ?? [])))]);
  const environment = scaffoldEnvironment(parent, facts);
  const parentVersion = parent ? forkedVersion(parent.version, facts.tags[TEMPLATE_VERSION_TAG]) : undefined;
  const license = meta.license ?? parent?.publication.license ?? "Apache-2.0";

  const t: Template = {
    template_id: id,
    name,
    description,
    author: actor,
    owners: [actor],
    version: "1.0.0",
    category,
    tags: meta.tags?.length ? unique(meta.tags) : (parent?.tags ?? [category]),
    ...(parent?.research_domains ? { research_domains: parent.research_domains } : {}),
    architecture: [arch],
    regions,
    publication: {
      visibility: meta.visibility ?? "public",
      ...(meta.organizationId ? { organization_id: meta.organizationId } : {}),
      license,
      ...(meta.licenseUrl
        ? { license_url: meta.licenseUrl }
        : license === "Custom" && parent?.publication.license_url
          ? { license_url: parent.publication.license_url }
          : {}),
      ...(meta.documentationUrl ? { documentation_url: meta.documentationUrl } : {}),
      ...(meta.doi ? { paper_doi: meta.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, "") } : {}),
      ...(meta.funding ? { funding_source: meta.funding } : {}),
      maintenance_status: "active",
    },
    ...(parent && parentVersion ? { forked_from: { template_id: parent.template_id, version: parentVersion } } : {}),
    ...(parent?.validation_tests?.length ? { validation_tests: deepClone(parent.validation_tests) } : {}),
    environment,
  };
  const ami = scaffoldAmi(parent, options.image, arch, regions);
  if (ami) t.ami = ami;

  return {
    template: t,
    readme: options.readme ?? scaffoldReadme(t, facts, parent, options.image),
    ...(parent && parentVersion ? { parent: { id: parent.template_id, version: parentVersion } } : {}),
    warnings,
  };
}

/** scaffoldFromInstance, then publishTemplate: the change `cws marketplace publish <instance>` submits. */
export function publishFromInstance(registry: RegistryFiles, facts: WorkstationFacts, options: ScaffoldOptions): RegistryChange {
  const scaffold = scaffoldFromInstance(registry, facts, options);
  const source = `the workstation ${facts.instanceId} (${facts.instanceType}, ${facts.region})${
    options.image ? `, captured as ${options.image.imageId}` : ""
  }${scaffold.parent ? `, launched from ${scaffold.parent.id} ${scaffold.parent.version}` : ""}`;
  return publishTemplate(registry, scaffold.template, {
    actor: options.actor,
    readme: scaffold.readme,
    source,
    warnings: scaffold.warnings,
    ...(options.now ? { now: options.now } : {}),
  });
}

// The version launched, from the instance's tag; never one the parent has not reached (rule CWS210).
function forkedVersion(current: string, tagged: string | undefined): string {
  if (tagged && parseSemver(tagged) && compareSemver(tagged, current) <= 0) return tagged;
  return current;
}

function scaffoldEnvironment(parent: Template | undefined, facts: WorkstationFacts): Environment {
  const arch = facts.architecture;
  const env: Environment = parent
    ? deepClone(parent.environment)
    : { base: "ami-based", package_manager: "ami", connection_type: "ssh", instance_defaults: {} };
  const defaults = env.instance_defaults;
  const sameType = defaults.instance_types?.[arch] === facts.instanceType || (!defaults.instance_types?.[arch] && defaults.type === facts.instanceType);
  const cost = defaults.estimated_cost_per_hour?.[arch];
  delete defaults.type;
  defaults.instance_types = { [arch]: facts.instanceType };
  // The parent's cost estimate is for its instance type; a different one would mislead.
  if (sameType && cost !== undefined) defaults.estimated_cost_per_hour = { [arch]: cost };
  else delete defaults.estimated_cost_per_hour;
  const ports = unique([...(env.ports ?? []), ...facts.ports].filter((p) => Number.isInteger(p) && p >= 1 && p <= 65535)).sort((a, b) => a - b);
  if (ports.length > 0) env.ports = ports.slice(0, 100);
  else if (!parent) env.ports = [22];
  return env;
}

function scaffoldAmi(parent: Template | undefined, image: CapturedImage | undefined, arch: Architecture, regions: string[]): Template["ami"] {
  if (image) {
    return {
      build: true,
      ...(parent?.ami?.base_image ? { base_image: parent.ami.base_image } : {}),
      regions,
      ...(parent?.ami?.sharing ? { sharing: deepClone(parent.ami.sharing) } : {}),
      source_images: {
        [arch]: {
          image_id: image.imageId,
          region: image.region,
          owner_id: image.ownerId,
          instance_id: image.instanceId,
          ...(image.createdAt ? { created_at: image.createdAt } : {}),
        },
      },
    };
  }
  if (parent?.ami?.build) return { build: true, ...(parent.ami.base_image ? { base_image: parent.ami.base_image } : {}) };
  return undefined;
}

const PACKAGE_TITLES = { system: "System packages", conda: "Conda packages", pip: "pip packages", spack: "Spack packages" } as const;
const CONNECTIONS = {
  ssh: "Connect with SSH from a terminal (`cws connect`).",
  desktop: "Connect to the remote desktop (NICE DCV) in your browser or the DCV client.",
  web: "Open the web interface in your browser; CloudWorkstation prints the URL once the instance is ready.",
} as const;

/** A README.md with real sections (rule CWS215), from what the scaffold knows. Free text is escaped. */
export function scaffoldReadme(t: Template, facts: WorkstationFacts, parent: Template | undefined, image: CapturedImage | undefined): string {
  const env = t.environment;
  const out = [`# ${escapeText(t.name)}`, "", escapeText(t.description), ""];
  out.push(
    `This template was published from a running CloudWorkstation (${facts.instanceType}, ${facts.architecture}, ${facts.region})${
      parent ? `, launched from the marketplace template \`${parent.template_id}\` ${t.forked_from?.version ?? parent.version}` : ""
    }. Launch your own copy with \`cws launch marketplace:${t.template_id} my-${t.template_id}\`.`,
    "",
    "## What is installed",
    "",
  );
  if (parent) {
    out.push(`The environment of \`${parent.template_id}\`: ${env.base}, installed with ${env.package_manager}.`, "");
    const kinds = (Object.keys(PACKAGE_TITLES) as (keyof typeof PACKAGE_TITLES)[]).filter((k) => env.packages?.[k]?.length);
    for (const kind of kinds) out.push(`### ${PACKAGE_TITLES[kind]}`, "", ...(env.packages?.[kind] ?? []).map((p) => `- \`${p}\``), "");
  } else {
    out.push("Everything is in the machine image captured from the workstation; nothing is installed at launch.", "");
  }
  if (image) {
    out.push(
      `A machine image (\`${image.imageId}\`, ${image.region}) captured from the workstation carries the changes made on it after launch. The marketplace's AMI pipeline copies it to ${t.ami?.regions?.join(", ") ?? t.regions.join(", ")} and launches start from it.`,
      "",
    );
  }
  out.push("## Connecting", "", CONNECTIONS[env.connection_type ?? "ssh"], "");
  const ports = env.ports ?? env.instance_defaults.ports;
  if (ports?.length) out.push(`Ports opened: ${ports.join(", ")}.`, "");
  out.push(
    "## Instance",
    "",
    `- Architecture: ${t.architecture.join(", ")}`,
    `- Instance type: \`${facts.instanceType}\``,
    `- Regions: ${t.regions.join(", ")}`,
    "",
  );
  return out.join("\n");
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
