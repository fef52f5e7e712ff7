import { bold, dim, type Output, table } from "../lib/output.js";
import type { InstanceFacts, ResolvedImage } from "./ec2.js";
import type { LaunchPlan } from "./plan.js";

/** What `cws launch --json` prints: the plan, the image and (unless a dry run) the instance. */
export interface LaunchResult {
  dry_run: boolean;
  template_id: string;
  template_version: string;
  marketplace: string;
  instance_name: string;
  region: string;
  architecture: string;
  instance_type: string;
  root_volume_gb: number | null;
  /** image_id is null, and owner_id unconfirmed (null), when a dry run skipped the lookups. */
  image: { source: "marketplace-ami" | "base-image"; image_id: string | null; owner_id: string | null; ssm_parameter: string | null };
  parameters: Record<string, string>;
  estimated_first_boot_minutes: { low: number; high: number };
  /** Dry runs without AWS credentials: the lookups that were not made. */
  skipped_lookups?: string[];
  user_data: { bytes: number; gzipped: boolean; steps: string[] } | null;
  metadata_options: { HttpTokens: "required"; HttpEndpoint: "enabled" };
  tags: Record<string, string>;
  warnings: string[];
  instance?: { instance_id: string; state: string; public_dns: string | null; public_ip: string | null; private_ip: string | null };
  connect?: string[];
}

export function launchResult(plan: LaunchPlan, image: ResolvedImage | undefined, instance?: InstanceFacts, keyName?: string, skipped?: string[]): LaunchResult {
  const ud = plan.userData.encoded;
  return {
    dry_run: instance === undefined,
    template_id: plan.templateId,
    template_version: plan.version,
    marketplace: plan.registryUrl,
    instance_name: plan.instanceName,
    region: plan.region,
    architecture: plan.architecture,
    instance_type: plan.instanceType,
    root_volume_gb: plan.rootVolumeGb ?? null,
    image: {
      source: plan.image.kind === "ami" ? "marketplace-ami" : "base-image",
      image_id: image?.imageId ?? (plan.image.kind === "ami" ? plan.image.ami.image_id : null),
      owner_id: image?.verifiedOwner ?? null,
      ssm_parameter: plan.image.kind === "base" ? plan.image.parameter : null,
    },
    parameters: plan.parameters,
    estimated_first_boot_minutes: plan.firstBootMinutes,
    ...(skipped ? { skipped_lookups: skipped } : {}),
    user_data: ud ? { bytes: ud.bytes, gzipped: ud.gzipped, steps: plan.userData.steps } : null,
    metadata_options: { HttpTokens: "required", HttpEndpoint: "enabled" },
    tags: Object.fromEntries(plan.tags.map((t) => [t.Key, t.Value])),
    warnings: plan.warnings,
    ...(instance
      ? {
          instance: {
            instance_id: instance.InstanceId ?? "",
            state: instance.State?.Name ?? "unknown",
            public_dns: instance.PublicDnsName || null,
            public_ip: instance.PublicIpAddress || null,
            private_ip: instance.PrivateIpAddress || null,
          },
          connect: connectHints(plan, instance, keyName),
        }
      : {}),
  };
}

export function renderDryRun(out: Output, plan: LaunchPlan, image: ResolvedImage | undefined, skipped: string[] = []): void {
  out.line(`${bold(out, "Dry run")}: nothing was launched. This is what would be:`);
  out.line(table(facts(out, plan, image)));
  if (skipped.length > 0) {
    out.line(`\n${bold(out, "Skipped")} (configure AWS credentials to run them; a launch does):`);
    for (const s of skipped) out.line(`  ${s}`);
  }
}

export function renderLaunched(out: Output, plan: LaunchPlan, image: ResolvedImage, instance: InstanceFacts, keyName?: string): void {
  const id = instance.InstanceId ?? "";
  out.line(`${bold(out, `Launched ${plan.instanceName}`)}: ${id} is running (${plan.instanceType}, ${plan.region})`);
  const address = instance.PublicDnsName || instance.PublicIpAddress;
  const rows = facts(out, plan, image).filter(([k]) => !/user data|tags|metadata|parameters/.test(k ?? ""));
  rows.push([
    dim(out, "address"),
    address
      ? `${address}${instance.PublicIpAddress && address !== instance.PublicIpAddress ? ` (${instance.PublicIpAddress})` : ""}`
      : `no public address; private IP ${instance.PrivateIpAddress ?? "unknown"}`,
  ]);
  out.line(table(rows));
  out.line(`\n${bold(out, "Connect")}`);
  for (const hint of connectHints(plan, instance, keyName)) out.line(`  ${hint}`);
}

function facts(out: Output, plan: LaunchPlan, image: ResolvedImage | undefined): string[][] {
  const ud = plan.userData.encoded;
  const imageText =
    plan.image.kind === "ami"
      ? image
        ? `${image.imageId} (prebuilt marketplace AMI; owner ${image.verifiedOwner ?? "?"} confirmed by EC2)`
        : `${plan.image.ami.image_id} (prebuilt marketplace AMI; EC2 must confirm owner ${plan.image.ami.owner_id} before launch)`
      : image
        ? `${image.imageId} (${plan.image.parameter}; the environment is installed at first boot)`
        : `the base image ${plan.image.parameter} names in ${plan.region} (looked up at launch); the environment is installed at first boot`;
  const params = Object.entries(plan.parameters);
  const boot = plan.firstBootMinutes;
  return [
    ["template", `${plan.templateId} ${plan.version} (${plan.templateName}) from ${plan.registryUrl}`],
    ["name", plan.instanceName],
    ["region", plan.region],
    ["type", `${plan.instanceType} (${plan.architecture})`],
    ["root volume", plan.rootVolumeGb ? `${plan.rootVolumeGb} GiB gp3` : "the image's default"],
    ["image", imageText],
    ["parameters", params.length ? params.map(([k, v]) => `${k}=${v}`).join(", ") : "none"],
    ["first boot", `about ${boot.low}-${boot.high} minutes until the environment is ready (estimate)`],
    ["user data", ud ? `${ud.bytes} bytes${ud.gzipped ? " (gzip)" : ""}: ${plan.userData.steps.join("; ")}` : "none"],
    ["metadata", "IMDSv2 required"],
    ["tags", plan.tags.map((t) => `${t.Key}=${t.Value}`).join(", ")],
  ].map(([k, v]) => [dim(out, k ?? ""), v ?? ""]);
}

/** How to reach the instance, by the template's connection type. */
export function connectHints(plan: LaunchPlan, instance: InstanceFacts, keyName?: string): string[] {
  const id = instance.InstanceId ?? "";
  const host = instance.PublicDnsName || instance.PublicIpAddress || instance.PrivateIpAddress || "<address>";
  const user = plan.connection.loginUser ?? "<image user>";
  const hints: string[] = [];
  if (keyName) hints.push(`ssh -i ~/.ssh/${keyName}.pem ${user}@${host}`);
  else hints.push(`aws ssm start-session --target ${id} --region ${plan.region}   (no --key-name was given, so SSH has no key)`);
  const web = plan.connection.ports.filter((p) => p !== 22);
  if (plan.connection.type === "web" || plan.connection.type === "desktop") {
    for (const port of web) hints.push(`${port === 8443 ? "https" : "http"}://${host}:${port}`);
  }
  if (web.length > 0)
    hints.push(
      `the template listens on port${web.length === 1 ? "" : "s"} ${web.join(", ")}: allow them in the instance's security group, or tunnel over SSH/SSM`,
    );
  if (plan.userData.steps.length > 0) hints.push("first boot is still setting up; follow it with: sudo tail -f /var/log/cloud-init-output.log");
  return hints;
}
