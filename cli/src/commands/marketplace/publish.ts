import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Argv } from "yargs";
import { countBySeverity, sortDiagnostics } from "../../../../core/diagnostics/diagnostic.js";
import { formatDiagnostic } from "../../../../core/diagnostics/format-text.js";
import { summaryLine } from "../../../../core/diagnostics/summary.js";
import { CwsError } from "../../../../core/errors.js";
import { importCwsTemplate } from "../../../../core/import/cws-yaml.js";
import { renderReadme } from "../../../../core/import/render-readme.js";
import { toTemplateId } from "../../../../core/import/slug.js";
import { MAX_SOURCE_BYTES } from "../../../../core/import/source.js";
import { applyMetadata, type PublishMetadata, publishFromInstance, publishTemplate, splitList } from "../../../../core/registry-changes/index.js";
import type { CapturedImage, WorkstationFacts } from "../../../../core/registry-changes/scaffold.js";
import { type PublishingFileConfig, type PublishingSettings, redact, resolveSettings } from "../../../../core/registry-changes/settings.js";
import { type BuildChange, type SubmitOutcome, submitChange } from "../../../../core/registry-changes/submit.js";
import type { RegistryChange, RegistryFiles } from "../../../../core/registry-changes/types.js";
import type { Template } from "../../../../core/types/generated.js";
import type { Args, CommandSpec } from "../../lib/command.js";
import { configPath } from "../../lib/config.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import { bold, createOutput, dim, type Output, paint, red } from "../../lib/output.js";
import { stateDir } from "../../lib/paths.js";

const green = (o: Output, t: string) => paint(o.color, "32", t);

// ---------------------------------------------------------------------------------------------
// Shared by publish, update, unpublish, fork and my-publications.

type Env = Readonly<Record<string, string | undefined>>;

/** Where to publish and as whom; every registry-changing command takes these. */
export function withPublishing<T>(y: Argv<T>) {
  return y
    .option("registry-repo", { type: "string", describe: "registry git URL (default: CWS_REGISTRY_REPO or registry_repo in the config file)" })
    .option("registry-branch", { type: "string", describe: "branch pull requests go to (default: CWS_REGISTRY_BRANCH, the config file, else main)" })
    .option("as", { type: "string", describe: "your handle (default: CWS_USER or user in the config file)" })
    .option("github-api-url", { type: "string", describe: "GitHub REST API base URL, for GitHub Enterprise (default: CWS_GITHUB_API_URL)" })
    .option("github-repo", { type: "string", describe: "owner/name to open the pull request in (default: from the registry URL)" })
    .option("json", { type: "boolean", default: false, describe: "print machine-readable JSON" });
}

export function withDryRun<T>(y: Argv<T>) {
  return y.option("dry-run", { type: "boolean", default: false, describe: "validate and show the diff; commit and push nothing" });
}

/** The publishing keys of $XDG_CONFIG_HOME/cws/marketplace.json (the file the read commands also use). */
export function readPublishingConfig(env: Env = process.env): PublishingFileConfig & { region?: string } {
  const path = configPath(env);
  if (!existsSync(path)) return {};
  try {
    const doc = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    const out: PublishingFileConfig & { region?: string } = {};
    for (const key of ["registry_repo", "registry_branch", "registry_path", "user", "github_api_url", "github_repo", "pull_requests_url", "region"] as const) {
      if (typeof doc[key] === "string") out[key] = doc[key];
    }
    return out;
  } catch (error) {
    throw cliError("CONFIG", `${path} is not valid JSON: ${(error as Error).message}`, "fix or delete the file", CLI_EXIT.usage);
  }
}

export function settingsFrom(argv: Args, env: Env = process.env): PublishingSettings {
  return resolveSettings(
    {
      registryRepo: argv.registryRepo as string | undefined,
      registryBranch: argv.registryBranch as string | undefined,
      as: argv.as as string | undefined,
      githubApiUrl: argv.githubApiUrl as string | undefined,
      githubRepo: argv.githubRepo as string | undefined,
    },
    env,
    readPublishingConfig(env),
  );
}

export function outputFor(argv: Args): Output {
  return createOutput({ json: argv.json === true, noColor: argv.color === false });
}

/** Runs one change through the workspace and prints what happened; returns the exit status. */
export async function runChange(argv: Args, build: BuildChange, options: { afterError?: () => string[] } = {}): Promise<number> {
  const out = outputFor(argv);
  const settings = settingsFrom(argv);
  const progress = (message: string) => {
    if (!out.json) process.stderr.write(`${dim(out, message)}\n`);
  };
  let outcome: SubmitOutcome;
  try {
    outcome = await submitChange({ settings, dryRun: argv.dryRun === true, onProgress: progress }, build);
  } catch (error) {
    for (const line of options.afterError?.() ?? []) out.warn(line);
    if (error instanceof CwsError)
      throw new CwsError(error.code, redact(error.message, [settings.token]), redact(error.hint, [settings.token]), error.exitCode);
    throw error;
  }
  if (outcome.pushed) recordSubmission(settings, outcome);
  report(out, outcome, settings);
  return outcome.errors > 0 ? CLI_EXIT.failed : CLI_EXIT.ok;
}

function report(out: Output, o: SubmitOutcome, settings: PublishingSettings): void {
  const { change } = o;
  if (out.json) {
    const { error, warning } = countBySeverity(o.report.diagnostics);
    out.data({
      verb: change.verb,
      template_id: change.templateId,
      version: change.version,
      ...(change.previousVersion ? { previous_version: change.previousVersion } : {}),
      title: change.title,
      branch: o.branch,
      base: o.base,
      files: o.paths,
      dry_run: o.dryRun,
      valid: o.errors === 0,
      validation: { templates: o.report.templates, errors: error, warnings: warning, diagnostics: o.report.diagnostics },
      pushed: o.pushed,
      commit: o.commit ?? null,
      pull_request: o.review?.kind === "pull-request" ? o.review.pullRequest : null,
      compare_url: o.review?.kind === "compare" ? o.review.url : null,
      warnings: change.warnings,
      ...(o.dryRun ? { diff: o.diff } : {}),
    });
    return;
  }
  for (const w of change.warnings) out.warn(w);
  const diagnostics = sortDiagnostics(o.report.diagnostics);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: out.color })}\n`);
  if (o.errors > 0) {
    process.stderr.write(`${red(out, summaryLine(o.report))}\n`);
    process.stderr.write(`nothing was pushed: fix the errors above (codes are explained in docs/rules.md) and rerun\n`);
    return;
  }
  if (o.dryRun) {
    out.line(o.diff.trimEnd());
    out.line();
    out.line(`${green(out, summaryLine(o.report))}`);
    out.line(
      dim(out, `dry run: would commit "${change.title}" on ${o.branch} (from ${o.base.ref} ${o.base.oid.slice(0, 7)}); nothing was committed or pushed`),
    );
    return;
  }
  out.line(green(out, summaryLine(o.report)));
  out.line(`${bold(out, change.title)}`);
  out.line(`  committed ${o.commit?.slice(0, 7)} on ${o.branch}, pushed to ${settings.registryRepo}`);
  if (o.review?.kind === "pull-request") out.line(`  pull request #${o.review.pullRequest.number}: ${o.review.pullRequest.url}`);
  else if (o.review) out.line(`  open the pull request: ${o.review.url}\n  ${dim(out, `(not opened automatically: ${o.review.reason})`)}`);
}

/** A local note of what this machine pushed, so my-publications can show changes still under review. */
export interface SubmissionRecord {
  at: string;
  registry: string;
  actor: string;
  verb: string;
  template_id: string;
  version: string;
  branch: string;
  commit: string;
  url: string;
}

export function submissionsFile(env: Env = process.env): string {
  return join(stateDir(env), "submissions.jsonl");
}

function recordSubmission(settings: PublishingSettings, o: SubmitOutcome): void {
  const record: SubmissionRecord = {
    at: new Date().toISOString(),
    registry: settings.registryRepo,
    actor: settings.actor,
    verb: o.change.verb,
    template_id: o.change.templateId,
    version: o.change.version,
    branch: o.branch,
    commit: o.commit ?? "",
    url: o.review?.kind === "pull-request" ? o.review.pullRequest.url : (o.review?.url ?? ""),
  };
  try {
    const file = submissionsFile();
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(record)}\n`);
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    if (lines.length > 200) writeFileSync(file, `${lines.slice(-200).join("\n")}\n`);
  } catch {
    // A note for convenience; publishing has already succeeded.
  }
}

export function readSubmissions(env: Env = process.env): SubmissionRecord[] {
  try {
    return readFileSync(submissionsFile(env), "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as SubmissionRecord];
        } catch {
          return [];
        }
      });
  } catch {
    return [];
  }
}

/** A text file the user names (a README, a template), read with a size limit. */
export function readUserFile(path: string, what: string, limit = MAX_SOURCE_BYTES): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw cliError("FILE_NOT_FOUND", `${what} ${path} does not exist`, "check the path", CLI_EXIT.usage);
  if (statSync(path).size > limit) throw cliError("FILE_TOO_LARGE", `${what} ${path} is larger than ${limit} bytes`, "is this the right file?", CLI_EXIT.usage);
  return readFileSync(path, "utf8").replace(/^\uFEFF/, "");
}

// ---------------------------------------------------------------------------------------------
// cws marketplace publish

const PLACEHOLDER_IMAGE = "ami-00000000000000000";

export const command: CommandSpec = {
  command: "publish [instance]",
  describe: "Publish a running workstation, or a template file, as a pull request to the registry",
  builder: (y) =>
    withDryRun(withPublishing(y))
      .positional("instance", { type: "string", describe: "instance id (i-...) or Name tag of the workstation to publish" })
      .option("from-file", { type: "string", describe: "publish a CloudWorkstation template (.yml) or a template.json instead of an instance" })
      .option("id", { type: "string", describe: "template id (default: --name in kebab-case; a template.json keeps its own)" })
      .option("name", { type: "string", describe: "display name" })
      .option("description", { type: "string", describe: "one or two sentences on what it is for" })
      .option("category", { type: "string", describe: "category id (see cws marketplace categories)" })
      .option("tags", { type: "string", array: true, nargs: 1, describe: "search keywords, comma- or space-separated (repeatable)" })
      .option("license", { type: "string", describe: "SPDX license id (default: the parent template's, else Apache-2.0)" })
      .option("license-url", { type: "string", describe: "license text URL, with --license Custom" })
      .option("doi", { type: "string", describe: "DOI of the paper the environment reproduces" })
      .option("funding", { type: "string", describe: "grant or funder acknowledgement" })
      .option("visibility", { type: "string", choices: ["public", "private", "organization"], describe: "who can find and launch it (default public)" })
      .option("organization-id", { type: "string", describe: "AWS Organizations id (o-...), with --visibility organization" })
      .option("documentation-url", { type: "string", describe: "https URL of project documentation" })
      .option("readme", { type: "string", describe: "README.md to publish instead of the generated one" })
      .option("region", { type: "string", describe: "AWS region of the instance (default: AWS_REGION, the config file, else us-east-1)" })
      .option("regions", {
        type: "string",
        array: true,
        nargs: 1,
        describe: "regions to offer the template in and replicate its AMI to (comma-separated, repeatable)",
      })
      .option("generate-ami", { type: "boolean", default: false, describe: "create an image of the instance and record it as the template's AMI source" })
      .option("reboot", { type: "boolean", default: true, describe: "reboot the instance for a consistent image (--no-reboot images it while running)" })
      .option("image", { type: "string", describe: "record this existing image (from an earlier --generate-ami) instead of creating one" })
      .example("$0 marketplace publish my-genomics --name 'Lab genomics' --category bioinformatics --tags gatk,wgs --as jdoe", "open a pull request")
      .example("$0 marketplace publish i-0abc123 --generate-ami --regions us-west-2,eu-west-1 --name 'Lab stack' --as jdoe", "capture an image too")
      .example("$0 marketplace publish --from-file templates/lab.yml --category statistics --as jdoe --dry-run", "preview a YAML import"),
  handler: async (argv) => {
    const instance = argv.instance as string | undefined;
    const fromFile = argv.fromFile as string | undefined;
    if ((instance ? 1 : 0) + (fromFile ? 1 : 0) !== 1) {
      throw cliError(
        "USAGE",
        "name one workstation, or pass --from-file",
        "cws marketplace publish <instance-id|name> … or --from-file template.yml",
        CLI_EXIT.usage,
      );
    }
    if (fromFile && (argv.generateAmi || argv.image)) {
      throw cliError("USAGE", "--generate-ami and --image publish an instance, not a file", "drop them, or name the instance instead", CLI_EXIT.usage);
    }
    if (argv.generateAmi && argv.image)
      throw cliError("USAGE", "pass --generate-ami or --image, not both", "--image records an image made earlier", CLI_EXIT.usage);
    const meta = metadataFrom(argv);
    const readme = argv.readme ? readUserFile(String(argv.readme), "README") : undefined;
    const actor = settingsFrom(argv).actor;
    return fromFile ? publishFile(argv, fromFile, meta, actor, readme) : publishInstance(argv, instance ?? "", meta, actor, readme);
  },
};

function metadataFrom(argv: Args): PublishMetadata {
  const s = (key: string) => (typeof argv[key] === "string" ? (argv[key] as string) : undefined);
  const tags = splitList(argv.tags as string[] | undefined);
  return {
    ...(s("name") !== undefined ? { name: s("name") } : {}),
    ...(s("description") !== undefined ? { description: s("description") } : {}),
    ...(s("category") !== undefined ? { category: s("category") } : {}),
    ...(tags ? { tags } : {}),
    ...(s("license") !== undefined ? { license: s("license") } : {}),
    ...(s("licenseUrl") !== undefined ? { licenseUrl: s("licenseUrl") } : {}),
    ...(s("doi") !== undefined ? { doi: s("doi") } : {}),
    ...(s("funding") !== undefined ? { funding: s("funding") } : {}),
    ...(s("visibility") !== undefined ? { visibility: s("visibility") as PublishMetadata["visibility"] } : {}),
    ...(s("organizationId") !== undefined ? { organizationId: s("organizationId") } : {}),
    ...(s("documentationUrl") !== undefined ? { documentationUrl: s("documentationUrl") } : {}),
  };
}

async function publishFile(argv: Args, file: string, meta: PublishMetadata, actor: string, readme: string | undefined): Promise<number> {
  const text = readUserFile(file, "template file");
  const out = outputFor(argv);
  // --id, else (for an imported CloudWorkstation template) --name in kebab-case, as --help says.
  const ids = { given: typeof argv.id === "string" ? argv.id : undefined, fromName: meta.name !== undefined ? toTemplateId(meta.name) : undefined };
  const build: BuildChange = (registry) => {
    const template = readTemplateFile(out, registry, file, text, meta, actor, ids);
    const t = applyMetadata(template.template, meta);
    const body =
      readme ??
      template.readme ??
      siblingReadme(file) ??
      renderReadme({ template: t, fullDescription: t.description, prerequisites: [], learningResources: [], sourceName: basename(file) });
    return publishTemplate(registry, t, { actor, readme: body, source: `${template.kind} ${basename(file)}` });
  };
  return runChange(argv, build);
}

/** A marketplace template.json as is, or a CloudWorkstation template through the importer (whose problems are printed). */
function readTemplateFile(
  out: Output,
  registry: RegistryFiles,
  file: string,
  text: string,
  meta: PublishMetadata,
  actor: string,
  ids: { given: string | undefined; fromName: string | undefined },
): { template: Template; readme?: string; kind: string } {
  const id = ids.given;
  if (/\.json$/i.test(file)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined; // Not JSON after all: let the importer (a YAML parser) say what is wrong.
    }
    if (doc && typeof doc === "object" && "template_id" in doc && "environment" in doc) {
      const t = doc as Template;
      return { template: id ? { ...t, template_id: id } : t, kind: "template file" };
    }
  }
  const categoriesText = registry.get("categories.json");
  let categories: string[] | undefined;
  try {
    categories = categoriesText ? (JSON.parse(categoriesText) as { categories: { id: string }[] }).categories.map((c) => c.id) : undefined;
  } catch {
    categories = undefined;
  }
  const result = importCwsTemplate(text, file, {
    author: actor,
    owners: [actor],
    ...(id || ids.fromName ? { id: id ?? ids.fromName } : {}),
    ...(meta.category ? { category: meta.category } : {}),
    ...(meta.license ? { license: meta.license } : {}),
    ...(categories ? { categories } : {}),
  });
  if (!out.json) for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: out.color })}\n`);
  if (!result.template || !result.readme) {
    const { error } = countBySeverity(result.diagnostics);
    throw new CwsError(
      "IMPORT_FAILED",
      `${file} could not be imported (${error} error${error === 1 ? "" : "s"}${out.json ? `: ${result.diagnostics.map((d) => d.code).join(", ")}` : " above"})`,
      "fix the file, or pass the missing facts as flags (--category, --license, --id)",
      CLI_EXIT.failed,
    );
  }
  return { template: result.template, readme: result.readme, kind: "imported from the CloudWorkstation template" };
}

function siblingReadme(file: string): string | undefined {
  const path = join(dirname(file), "README.md");
  return /\.json$/i.test(file) && existsSync(path) ? readUserFile(path, "README") : undefined;
}

async function publishInstance(argv: Args, ref: string, meta: PublishMetadata, actor: string, readme: string | undefined): Promise<number> {
  const config = readPublishingConfig();
  const region = (argv.region as string | undefined) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? config.region ?? "us-east-1";
  const regions = splitList(argv.regions as string[] | undefined);
  const out = outputFor(argv);
  const say = (text: string) => {
    if (!out.json) process.stderr.write(`${text}\n`);
  };
  const { openEc2, captureName } = await import("../../../../core/registry-changes/ec2.js");
  const ec2 = await openEc2(region);
  let created: string | undefined;
  try {
    const facts: WorkstationFacts = await ec2.describeWorkstation(ref);
    say(
      dim(
        out,
        `${facts.instanceId}: ${facts.instanceType} ${facts.architecture} in ${facts.region}${facts.tags["cws:template"] ? `, launched from ${facts.tags["cws:template"]}` : ""}`,
      ),
    );
    const base = { actor, meta, ...(argv.id ? { id: String(argv.id) } : {}), ...(regions ? { regions } : {}), ...(readme ? { readme } : {}) };
    const wantsImage = argv.generateAmi === true || typeof argv.image === "string";
    const build: BuildChange = async (registry, context): Promise<RegistryChange> => {
      if (!wantsImage) return publishFromInstance(registry, facts, base);
      const placeholder: CapturedImage = { imageId: PLACEHOLDER_IMAGE, region: facts.region, ownerId: "000000000000", instanceId: facts.instanceId };
      const draft = publishFromInstance(registry, facts, { ...base, image: placeholder });
      if (typeof argv.image === "string") {
        const image = await ec2.waitForImage(argv.image, () => {});
        checkImage(image, facts);
        return publishFromInstance(registry, facts, { ...base, image: { ...image, instanceId: facts.instanceId } });
      }
      if (context.dryRun) {
        draft.warnings.push(`dry run: no image was created; ${PLACEHOLDER_IMAGE} stands for the image --generate-ami would record`);
        return draft;
      }
      // Validate before paying for an image: a template CI would reject gets none.
      const trial = await context.trial(draft);
      if (trial.errors > 0) return draft;
      say(`creating an image of ${facts.instanceId}${argv.reboot === false ? " without rebooting it" : " (it reboots for a consistent file system)"}`);
      created = await ec2.createImage({
        instanceId: facts.instanceId,
        name: captureName(draft.templateId, draft.version, facts.architecture, facts.instanceId, new Date()),
        description: `CloudWorkstation template ${draft.templateId} ${draft.version}, captured from ${facts.instanceId}`.slice(0, 255),
        reboot: argv.reboot !== false,
        tags: {
          Name: `${draft.templateId} ${draft.version} ${facts.architecture}`,
          "cws:role": "ami-source",
          "cws:template-id": draft.templateId,
          "cws:template-version": draft.version,
          "cws:architecture": facts.architecture,
          "cws:source-instance": facts.instanceId,
        },
      });
      const imageId = created;
      const image = await ec2.waitForImage(imageId, (state, elapsed) => say(dim(out, `  ${imageId}: ${state} (${clock(elapsed)})`)));
      checkImage(image, facts);
      say(`  ${imageId}: available`);
      return publishFromInstance(registry, facts, { ...base, image: { ...image, instanceId: facts.instanceId } });
    };
    return await runChange(argv, build, {
      afterError: () => (created ? [`the image ${created} was created; rerun with --image ${created} instead of --generate-ami to use it`] : []),
    });
  } finally {
    ec2.destroy();
  }
}

function checkImage(image: CapturedImage & { architecture?: string }, facts: WorkstationFacts): void {
  if (!/^\d{12}$/.test(image.ownerId)) {
    throw cliError("IMAGE_OWNER", `EC2 reported no owner account for ${image.imageId}`, "check the image in the EC2 console", CLI_EXIT.failed);
  }
  if (image.region !== facts.region) {
    throw cliError("IMAGE_REGION", `${image.imageId} is in ${image.region}, the instance in ${facts.region}`, "pass --region", CLI_EXIT.usage);
  }
  if (image.architecture && image.architecture !== facts.architecture) {
    throw cliError(
      "IMAGE_ARCHITECTURE",
      `${image.imageId} is ${image.architecture} but ${facts.instanceId} is ${facts.architecture}`,
      "record an image made from this instance",
      CLI_EXIT.usage,
    );
  }
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}
