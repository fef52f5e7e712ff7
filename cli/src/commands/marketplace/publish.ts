import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { countBySeverity } from "../../../../core/diagnostics/diagnostic.js";
import { formatDiagnostic } from "../../../../core/diagnostics/format-text.js";
import { CwsError } from "../../../../core/errors.js";
import { importCwsTemplate } from "../../../../core/import/cws-yaml.js";
import { renderReadme } from "../../../../core/import/render-readme.js";
import { toTemplateId } from "../../../../core/import/slug.js";
import { applyMetadata, type PublishMetadata, publishTemplate, splitList } from "../../../../core/registry-changes/index.js";
import type { BuildChange } from "../../../../core/registry-changes/submit.js";
import type { RegistryFiles } from "../../../../core/registry-changes/types.js";
import type { Template } from "../../../../core/types/generated.js";
import type { Args, CommandSpec } from "../../lib/command.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import type { Output } from "../../lib/output.js";
import { publishInstance } from "../../lib/publishing/from-instance.js";
import { outputFor, settingsFrom, withDryRun, withPublishing } from "../../lib/publishing/options.js";
import { runChange } from "../../lib/publishing/run-change.js";
import { readUserFile } from "../../lib/user-file.js";

export const command: CommandSpec = {
  command: "publish [instance]",
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
