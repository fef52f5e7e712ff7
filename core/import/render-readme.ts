/**
 * README.md for an imported template, written from what the template really contains, so the
 * documentation check (CWS215) has real sections to look at and a reviewer can see at a glance
 * what a launch installs and opens. Free text from the YAML is escaped: the README is rendered
 * on the catalog site, and a template must not be able to inject HTML there.
 */
import type { Environment, Template } from "../types/generated.js";

export interface ReadmeInput {
  template: Template;
  /** The description before it was shortened for template.json. */
  fullDescription: string;
  longDescription?: string;
  prerequisites: readonly string[];
  learningResources: readonly string[];
  /** File name of the imported YAML, for the provenance note. */
  sourceName: string;
}

const BASE_NAMES: Record<Environment["base"], string> = {
  ubuntu: "Ubuntu",
  "ubuntu-20.04": "Ubuntu 20.04 LTS",
  "ubuntu-22.04": "Ubuntu 22.04 LTS",
  "ubuntu-24.04": "Ubuntu 24.04 LTS",
  rocky: "Rocky Linux",
  amazonlinux: "Amazon Linux",
  alpine: "Alpine Linux",
  rhel: "Red Hat Enterprise Linux",
  debian: "Debian",
  "ami-based": "a prebuilt machine image",
};
const PACKAGE_TITLES = { system: "System packages", conda: "Conda packages", pip: "pip packages", spack: "Spack packages" } as const;
const CONNECTIONS = {
  ssh: "Connect with SSH from a terminal (`cws connect`).",
  desktop: "Connect to a full remote desktop (NICE DCV) in your browser or the DCV client.",
  web: "Open the web interface in your browser; CloudWorkstation prints the URL once the instance is ready.",
} as const;

/** Escapes text for Markdown prose: no raw HTML, no accidental emphasis from stray characters. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]])/g, "\\$1");
}

function cell(text: string): string {
  return escapeText(text)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A link when the item is a bare https URL (the importer has already upgraded http). */
function linkOrText(item: string): string {
  return /^https:\/\/[^\s<>]+$/.test(item) ? `<${item}>` : escapeText(item);
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => escapeText(p.trim().replace(/\s*\n\s*/g, " ")))
    .filter((p) => p.length > 0);
}

export function renderReadme(input: ReadmeInput): string {
  const t = input.template;
  const env = t.environment;
  const out: string[] = [`# ${escapeText(t.name)}`, "", ...paragraphs(input.fullDescription), ""];
  if (input.longDescription?.trim()) out.push("## Overview", "", ...paragraphs(input.longDescription).flatMap((p) => [p, ""]));

  out.push("## What is installed", "", `- Operating system: ${BASE_NAMES[env.base]} (${code(env.base)})`, `- Installed with: ${code(env.package_manager)}`, "");
  const kinds = (Object.keys(PACKAGE_TITLES) as (keyof typeof PACKAGE_TITLES)[]).filter((k) => env.packages?.[k]?.length);
  if (kinds.length === 0)
    out.push(`No extra packages are installed; everything comes from the base image${env.post_install || env.user_data ? " and the setup scripts" : ""}.`, "");
  for (const kind of kinds) out.push(`### ${PACKAGE_TITLES[kind]}`, "", ...(env.packages?.[kind] ?? []).map((p) => `- ${code(p)}`), "");
  if (env.post_install) out.push("A setup script runs after the packages are installed; see `post_install` in template.json.", "");

  out.push(
    "## Connecting",
    "",
    env.connection_type ? CONNECTIONS[env.connection_type] : "CloudWorkstation chooses SSH, desktop or web access from the services the template starts.",
    "",
  );
  const ports = env.instance_defaults.ports ?? env.ports;
  if (ports?.length) out.push(`Ports opened: ${ports.join(", ")}.`, "");
  if (env.services?.length) {
    out.push("| Service | Port | Starts at boot |", "| --- | --- | --- |");
    for (const s of env.services) out.push(`| ${cell(s.name)} | ${s.port ? s.port : "none"} | ${s.enable === false ? "no" : "yes"} |`);
    out.push("");
  }
  if (env.users?.length) {
    out.push("### Accounts", "");
    for (const u of env.users)
      out.push(`- ${code(u.name)}${u.groups?.length ? ` (groups: ${u.groups.join(", ")})` : ""}${u.shell ? `, shell ${code(u.shell)}` : ""}`);
    out.push("", "No passwords are set by the template; log in with your SSH key.", "");
  }

  const params = Object.entries(env.parameters ?? {});
  if (params.length > 0) {
    out.push("## Launch parameters", "", "| Parameter | Type | Default | Description |", "| --- | --- | --- | --- |");
    for (const [name, p] of params) {
      if (!p) continue;
      const type = p.type === "choice" ? `one of ${(p.choices ?? []).join(", ")}` : p.type;
      out.push(
        `| ${code(name)} | ${cell(type)} | ${p.default === undefined ? (p.required ? "required" : "") : cell(String(p.default))} | ${cell(p.description ?? "")} |`,
      );
    }
    out.push("");
  }

  out.push("## Instance", "", `- Architectures: ${t.architecture.join(", ")}`, `- Regions: ${t.regions.join(", ")}`);
  const d = env.instance_defaults;
  if (d.type) out.push(`- Default instance type: ${code(d.type)}`);
  for (const [arch, type] of Object.entries(d.instance_types ?? {})) out.push(`- Instance type on ${arch}: ${code(type)}`);
  if (d.root_volume_gb) out.push(`- Root volume: ${d.root_volume_gb} GiB`);
  for (const [arch, cost] of Object.entries(d.estimated_cost_per_hour ?? {})) out.push(`- Estimated cost on ${arch}: about $${cost} per hour (on-demand)`);
  out.push("");

  const idle = env.idle_detection;
  if (idle) {
    out.push("## Idle detection", "");
    if (idle.enabled === false) out.push("Idle detection is off: the instance runs until you stop it.");
    else {
      out.push("Idle instances are stopped automatically to save cost.", "");
      if (idle.idle_threshold_minutes) out.push(`- Counts as idle after ${idle.idle_threshold_minutes} minutes without activity.`);
      if (idle.hibernate_threshold_minutes) out.push(`- Hibernates after ${idle.hibernate_threshold_minutes} idle minutes.`);
      if (idle.check_interval_minutes) out.push(`- Activity is checked every ${idle.check_interval_minutes} minutes.`);
    }
    out.push("");
  }
  if (input.prerequisites.length > 0) out.push("## Prerequisites", "", ...input.prerequisites.map((p) => `- ${linkOrText(p)}`), "");
  if (input.learningResources.length > 0) out.push("## Learning resources", "", ...input.learningResources.map((r) => `- ${linkOrText(r)}`), "");

  out.push("---", "", `Imported from the CloudWorkstation template ${code(input.sourceName)}.`, "");
  return out.join("\n");
}
