// npm run build-amis -- [--base <ref>] [--template <id>] [--dry-run] [--state <path|s3://…>] [--lifecycle] ...
// Builds, tests, scrubs, replicates, shares and records template AMIs. The work is
// runAmiPipeline() in core/ami/pipeline.ts; this file only parses options and prints.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatPlan, formatProgress, formatSummary } from "../core/ami/format.js";
import { DEFAULT_POLICY } from "../core/ami/lifecycle.js";
import { runAmiPipeline } from "../core/ami/pipeline.js";
import { CwsError, EXIT } from "../core/errors.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `usage: npm run build-amis -- [options]

Builds an AMI for each template (and architecture) that asks for one and changed since --base:
launches a builder from the base image's public SSM parameter, provisions it through SSM Run
Command, runs the template's validation tests, scrubs it, images it, copies the image to every
region, shares it as the template's visibility asks and records it in the AMI state the build
reads. Reruns resume from tags and redo only what failed. AWS credentials come from the standard
chain (AWS_PROFILE, environment, SSO, role).

options:
  --base <ref>               build templates whose version, environment, ami or tests changed since this git ref
  --template <id>            build exactly this template (repeatable); without --base or --template, every
                             template with ami.build (ones already recorded for their version are skipped)
  --dry-run                  print the plan; no AWS call at all (an s3:// state is not read)
  --state <path|s3://b/k>    AMI state (default: CWS_AMI_STATE, else .data/ami-state.json)
  --registry <dir>           registry folder (default: registry)
  --region <region>          build region (default: CWS_AMI_BUILD_REGION, AWS_REGION, else us-east-1)
  --instance-profile <name>  builder instance profile name or ARN (CWS_AMI_INSTANCE_PROFILE)
  --subnet <id>              builder subnet; must reach SSM (CWS_AMI_SUBNET_ID)
  --security-group <id>      builder security group, repeatable or comma-separated (CWS_AMI_SECURITY_GROUP_IDS)
  --build-id <id>            tags and records this build (default: CWS_AMI_BUILD_ID, GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT, else local-<time>)
  --commit <sha>             git commit for the image tags (default: GITHUB_SHA, else the registry's HEAD)
  --concurrency <n>          builders at once (default 2)
  --copy-concurrency <n>     CopyImage calls in flight per image (default 4)
  --lifecycle                after building, deprecate superseded AMIs after --grace-days, delete them after
                             --retention-days, warn --warn-days before a referenced AMI is deprecated
  --lifecycle-only           run lifecycle only
  --grace-days <n>           default ${DEFAULT_POLICY.graceDays}
  --retention-days <n>       default ${DEFAULT_POLICY.retentionDays}
  --warn-days <n>            default ${DEFAULT_POLICY.warnDays}
  --log-dir <dir>            where each step's output is written (default: .data/ami-logs)
  -h, --help                 show this help

Progress goes to stderr, the plan and summary to stdout. Exit status: 0 all done, 1 a build,
region or lifecycle action failed (or the plan has problems), 2 usage or configuration errors.`;

function usageError(message: string): CwsError {
  return new CwsError("USAGE", message, "run `npm run build-amis -- --help` for the options", EXIT.usage);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        template: { type: "string", multiple: true },
        "dry-run": { type: "boolean", default: false },
        state: { type: "string" },
        registry: { type: "string", default: "registry" },
        region: { type: "string" },
        "instance-profile": { type: "string" },
        subnet: { type: "string" },
        "security-group": { type: "string", multiple: true },
        "build-id": { type: "string" },
        commit: { type: "string" },
        concurrency: { type: "string", default: "2" },
        "copy-concurrency": { type: "string", default: "4" },
        lifecycle: { type: "boolean", default: false },
        "lifecycle-only": { type: "boolean", default: false },
        "grace-days": { type: "string", default: String(DEFAULT_POLICY.graceDays) },
        "retention-days": { type: "string", default: String(DEFAULT_POLICY.retentionDays) },
        "warn-days": { type: "string", default: String(DEFAULT_POLICY.warnDays) },
        "log-dir": { type: "string", default: ".data/ami-logs" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

function count(name: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw usageError(`--${name} must be a whole number >= ${min}, not "${text}"`);
  return Number(text);
}

const env = (name: string) => (process.env[name] ? process.env[name] : undefined);

function defaultBuildId(): string {
  const run = env("GITHUB_RUN_ID");
  if (run) return `${run}-${env("GITHUB_RUN_ATTEMPT") ?? "1"}`;
  return `local-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}`;
}

async function main(argv: string[]): Promise<number> {
  const v = parse(argv);
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const graceDays = count("grace-days", v["grace-days"], 0);
  const retentionDays = count("retention-days", v["retention-days"], 1);
  if (retentionDays <= graceDays) throw usageError("--retention-days must be longer than --grace-days");
  const groups = (v["security-group"] ?? (env("CWS_AMI_SECURITY_GROUP_IDS") ? [env("CWS_AMI_SECURITY_GROUP_IDS") as string] : []))
    .flatMap((g) => g.split(","))
    .map((g) => g.trim())
    .filter(Boolean);
  const instanceProfile = v["instance-profile"] ?? env("CWS_AMI_INSTANCE_PROFILE");
  const subnetId = v.subnet ?? env("CWS_AMI_SUBNET_ID");
  const buildId = v["build-id"] ?? env("CWS_AMI_BUILD_ID") ?? defaultBuildId();
  const commit = v.commit ?? env("GITHUB_SHA");
  const dryRun = v["dry-run"];
  const lifecycle = v.lifecycle || v["lifecycle-only"];

  const result = await runAmiPipeline({
    registry: v.registry,
    ...(v.base ? { base: v.base } : {}),
    ...(v.template ? { templates: v.template } : {}),
    dryRun,
    state: v.state ?? env("CWS_AMI_STATE") ?? ".data/ami-state.json",
    buildRegion: v.region ?? env("CWS_AMI_BUILD_REGION") ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? "us-east-1",
    builder: { ...(instanceProfile ? { instanceProfile } : {}), ...(subnetId ? { subnetId } : {}), securityGroupIds: groups },
    buildId,
    ...(commit ? { commit } : {}),
    concurrency: count("concurrency", v.concurrency, 1),
    copyConcurrency: count("copy-concurrency", v["copy-concurrency"], 1),
    ...(lifecycle && !dryRun ? { lifecycle: { graceDays, retentionDays, warnDays: count("warn-days", v["warn-days"], 0) } } : {}),
    lifecycleOnly: v["lifecycle-only"],
    onProgress: (event) => process.stderr.write(`${formatProgress(event)}\n`),
  });

  if (result.dryRun) {
    process.stdout.write(`${formatPlan(result)}\n`);
    if (lifecycle) {
      process.stdout.write(
        `lifecycle: deprecate superseded AMIs after ${graceDays} days, delete after ${retentionDays} days (not planned in a dry run: it needs DescribeImages)\n`,
      );
    }
    return result.plan.problems.length === 0 ? EXIT.ok : EXIT.invalid;
  }
  if (result.units.length > 0) {
    const dir = v["log-dir"];
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${buildId.replace(/[^A-Za-z0-9._-]/g, "-")}.json`);
    await writeFile(path, `${JSON.stringify({ build_id: buildId, commit: result.commit, units: result.units }, null, 2)}\n`);
    process.stderr.write(`build log with every step's output: ${path}\n`);
  }
  process.stdout.write(`${formatSummary(result)}\n`);
  return result.ok ? EXIT.ok : EXIT.invalid;
}

await runScript(USAGE, main);
