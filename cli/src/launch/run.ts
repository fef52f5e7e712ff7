import { isCwsError } from "../../../core/errors.js";
import { TEMPLATE_ID } from "../../../core/spec/ids.js";
import type { UsageEvent } from "../../../core/types/generated.js";
import { awsCredentials } from "../lib/aws-credentials.js";
import { loadConfig } from "../lib/config.js";
import { CLI_EXIT } from "../lib/errors.js";
import { Marketplace } from "../lib/marketplace.js";
import { createOutput, type Output } from "../lib/output.js";
import { resolveVersion } from "../lib/versions.js";
import { type AwsApi, openAws, type ResolvedImage, resolveImage, runInstancesInput, waitUntilRunning } from "./ec2.js";
import { type LaunchPlan, planLaunch } from "./plan.js";
import { launchResult, renderDryRun, renderLaunched } from "./render.js";
import { localTemplateDirs, matchLocal, parseRef, readLocalTemplates, resolveEntry, type TemplateRef } from "./resolve.js";
import { runtime } from "./runtime.js";
import { enqueue, flushQueue, newEvent, queueDir } from "./usage-queue.js";
import { parseParamFlags } from "./user-data.js";

export interface LaunchArgs {
  template: string;
  instanceName: string;
  region?: string | undefined;
  instanceType?: string | undefined;
  architecture?: string | undefined;
  param?: string | string[] | undefined;
  keyName?: string | undefined;
  dryRun: boolean;
  force: boolean;
  preferMarketplace: boolean;
  registryUrl?: string | undefined;
  trustedRoot?: string | undefined;
  json: boolean;
  color: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `cws launch`: resolve, plan, verify the image, launch, wait, report usage. Returns the exit status. */
export async function runLaunch(args: LaunchArgs, env: Env = process.env): Promise<number> {
  const out = createOutput({ json: args.json, noColor: args.color === false });
  const ref = parseRef(args.template);
  const params = parseParamFlags(args.param === undefined ? [] : ([] as string[]).concat(args.param).map(String));

  if (!ref.marketplace && !args.preferMarketplace) {
    const local = matchLocal(ref.text, readLocalTemplates(localTemplateDirs(env)));
    if (local) return handOff(out, ref, local.file, local.name ?? local.slug ?? ref.text, args.instanceName);
  }

  // Events left over from earlier runs go first; a dry run reports nothing.
  const queue = queueDir(env);
  const down = new Set<string>();
  if (!args.dryRun) await flushQuietly(queue, down);

  const config = loadConfig({ registryUrl: args.registryUrl, trustedRoot: args.trustedRoot }, env);
  const market = await Marketplace.open(config);
  for (const w of market.warnings()) out.warn(w);
  const entry = resolveEntry(market, ref);
  const latest = await market.record(entry);
  // An earlier version comes from its own signed record, inside its support window only.
  const record =
    ref.version !== undefined && ref.version !== latest.version ? (await resolveVersion(market, entry, ref.version, new Date(runtime.now()))).record : latest;
  const registryUrl = entry.source.registry.url;
  const plan = planLaunch(
    record,
    {
      instanceName: args.instanceName,
      version: ref.version,
      region: args.region,
      instanceType: args.instanceType,
      architecture: args.architecture,
      params,
      force: args.force,
    },
    { registryUrl, configRegion: config.region },
  );
  for (const w of plan.warnings) out.warn(w);

  if (args.dryRun) return dryRun(out, plan, env);
  const aws = await openAws(plan.region, env);
  try {
    return await launch(out, aws, plan, config.apiUrl ?? registryUrl, queue, args.keyName);
  } finally {
    aws.destroy();
    await flushQuietly(queue, down);
  }
}

/**
 * Shows the plan. With AWS credentials it also checks the image as a launch would (the AMI's
 * owner, or the base image's SSM parameter); without any it skips those lookups, says so, and
 * still shows the whole plan: a dry run needs no AWS account.
 */
async function dryRun(out: Output, plan: LaunchPlan, env: Env): Promise<number> {
  let image: ResolvedImage | undefined;
  const skipped: string[] = [];
  if (await awsCredentials()) {
    const aws = await openAws(plan.region, env);
    try {
      progress(imageStep(plan));
      image = await resolveImage(aws, plan);
    } finally {
      aws.destroy();
    }
  } else {
    skipped.push(
      plan.image.kind === "ami"
        ? `EC2 DescribeImages: the check that ${plan.image.ami.image_id} is owned by ${plan.image.ami.owner_id} (no AWS credentials)`
        : `SSM GetParameter ${plan.image.parameter} and EC2 DescribeImages: the base image id in ${plan.region} (no AWS credentials)`,
    );
  }
  if (out.json) out.data(launchResult(plan, image, undefined, undefined, skipped));
  else renderDryRun(out, plan, image, skipped);
  return CLI_EXIT.ok;
}

async function launch(out: Output, aws: AwsApi, plan: LaunchPlan, apiUrl: string, queue: string, keyName?: string): Promise<number> {
  const base = {
    template_id: plan.templateId,
    template_version: plan.version,
    region: plan.region,
    architecture: plan.architecture,
    instance_type: plan.instanceType,
  };
  const report = (event: UsageEvent) => {
    try {
      enqueue(queue, apiUrl, event);
    } catch (error) {
      out.warn(`could not queue the usage event: ${(error as Error).message}`);
    }
  };
  const launchEvent = newEvent({ ...base, event: "launch" });
  report(launchEvent);
  const started = runtime.now();
  try {
    progress(imageStep(plan));
    const image = await resolveImage(aws, plan);
    progress(`launching ${plan.instanceName}: ${plan.instanceType} in ${plan.region} from ${image.imageId}`);
    // The launch event's id doubles as the client token: a retried request starts one instance.
    const id = await aws.runInstances(runInstancesInput(plan, image, launchEvent.event_id, keyName));
    progress(`${id}: requested`);
    const instance = await waitUntilRunning(aws, id, plan.region, (state, ms) => progress(`${id}: ${state} (${Math.round(ms / 1000)}s)`));
    progress(`${id}: running`);
    report(newEvent({ ...base, event: "launch_succeeded", duration_ms: Math.max(0, Math.round(runtime.now() - started)) }));
    if (out.json) out.data(launchResult(plan, image, instance, keyName));
    else renderLaunched(out, plan, image, instance, keyName);
    return CLI_EXIT.ok;
  } catch (error) {
    const code = isCwsError(error) && /^[A-Za-z0-9_.-]{1,64}$/.test(error.code) ? error.code : "INTERNAL";
    report(newEvent({ ...base, event: "launch_failed", duration_ms: Math.max(0, Math.round(runtime.now() - started)), error_code: code }));
    throw error;
  }
}

function handOff(out: Output, ref: TemplateRef, file: string, name: string, instanceName: string): number {
  const id = TEMPLATE_ID.test(ref.id) ? ref.id : "<id>";
  const forced = `cws launch marketplace:${id} ${instanceName}`;
  if (out.json) out.data({ handed_off: true, local_template: name, file, marketplace_command: forced });
  process.stderr.write(
    `local template "${name}" (${file}) takes precedence over the marketplace; launch it with CloudWorkstation.\n` +
      `  hint: \`${forced}\` launches the marketplace template instead (or pass --prefer-marketplace)\n`,
  );
  return CLI_EXIT.usage;
}

function imageStep(plan: LaunchPlan): string {
  return plan.image.kind === "ami"
    ? `checking with EC2 that ${plan.image.ami.image_id} is owned by ${plan.image.ami.owner_id}`
    : `resolving ${plan.image.parameter}`;
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function flushQuietly(queue: string, down: Set<string>): Promise<void> {
  try {
    await flushQueue(queue, down);
  } catch {
    // Reporting usage must never break a launch; the events stay queued.
  }
}
