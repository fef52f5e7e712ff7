/**
 * Converts one CloudWorkstation template (templates/*.yml, as read by CloudWorkstation's Go
 * loader) into a marketplace registry entry: template.json content plus README.md. Pure: no
 * file or network access, so the CLI, tests and a future web importer share it. Never throws;
 * every problem is a diagnostic with file, line, column and a JSON pointer into the YAML.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { diagnostic, fileLocation } from "../diagnostics/make.js";
import type { Template } from "../types/generated.js";
import { yamlPathFor } from "./check-entry.js";
import { resolveInheritance } from "./inherit.js";
import { mapCategory } from "./map-category.js";
import { mapEnvironment } from "./map-environment.js";
import { mapDescription, mapId, mapName, mapPeople, mapPlatforms, mapVersion } from "./map-metadata.js";
import { mapTags } from "./map-tags.js";
import { reportUnmappedFields } from "./not-carried.js";
import { renderReadme } from "./render-readme.js";
import { loadSource, type Path, type Source } from "./source.js";
import { DEFAULT_LICENSE, type ImportOptions, type ImportResult } from "./types.js";

export type { ImportOptions, ImportResult } from "./types.js";

export const TEMPLATE_SCHEMA_URL = "https://marketplace.cloudworkstation.io/schemas/v1/template.schema.json";
const REQUIRED = ["name", "description", "base"] as const;

export function importCwsTemplate(source: string, file: string, options: ImportOptions = {}): ImportResult {
  try {
    return run(source, file, options);
  } catch (error) {
    // A bug in a mapper must not crash a batch import; report it like any other problem.
    const message = `the importer failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
    return { diagnostics: [diagnostic("CWS503", fileLocation(file), message, "this is a bug in the importer; please report it with the file")] };
  }
}

function run(text: string, file: string, options: ImportOptions): ImportResult {
  const loaded = loadSource(text, file);
  const own = loaded.source;
  if (!own) return { diagnostics: loaded.diagnostics };

  for (const field of REQUIRED) {
    if (!own.has([field])) {
      own.report(
        "CWS502",
        [field],
        `missing required field "${field}"`,
        "a CloudWorkstation template needs name, description and base; is this the right file?",
      );
    }
  }
  const src = resolveInheritance(own, options.library);
  if (src.hasErrors && src === own && (own.strings(["inherits"]) ?? []).length > 0) return { diagnostics: finish(src) };

  const id = mapId(src, options);
  const name = mapName(src);
  const description = mapDescription(src);
  const version = mapVersion(src);
  const people = mapPeople(src, options);
  const errorsBefore = countErrors(src);
  const category = mapCategory(src, options);
  const categoryErrors = countErrors(src) - errorsBefore;
  const platforms = mapPlatforms(src);
  const tagging = mapTags(src, category ?? "general");
  const mapped = mapEnvironment(src, platforms.architecture);
  const environment = mapped?.environment;
  const [arch0, ...archRest] = mapped?.architecture ?? [];
  if (mapped && arch0 === undefined) {
    src.report(
      "CWS503",
      ["instance_defaults"],
      "no architecture is left with an instance type that runs it",
      "set instance_defaults.type to an x86_64 or Graviton type",
    );
  }
  const license = mapLicense(src, options);
  const longDescription = https(src, ["long_description"], src.string(["long_description"]));
  const prerequisites = (src.strings(["prerequisites"]) ?? []).map((p, i) => https(src, ["prerequisites", i], p) ?? p);
  const learningResources = (src.strings(["learning_resources"]) ?? []).map((r, i) => https(src, ["learning_resources", i], r) ?? r);
  reportUnmappedFields(src);

  if (src.hasErrors || !id || !name || !description || !version || !people || !category || !environment || !license || !arch0) {
    const needsCategory = !category && categoryErrors > 0 && categoryErrors === countErrors(src);
    return needsCategory ? { diagnostics: finish(src), needsCategory } : { diagnostics: finish(src) };
  }
  const template: Template = {
    $schema: TEMPLATE_SCHEMA_URL,
    template_id: id,
    name,
    description: https(src, ["description"], description.short) ?? description.short,
    author: people.author,
    // The schema types owners as 1..20-tuples; mapPeople guarantees that length.
    owners: people.owners as Template["owners"],
    version,
    category,
    tags: tagging.tags as Template["tags"], // 1..20 items, guaranteed by mapTags
    ...(tagging.research_domains ? { research_domains: tagging.research_domains } : {}),
    architecture: [arch0, ...archRest],
    regions: platforms.regions,
    publication: { visibility: "public", license, maintenance_status: "active" },
    environment,
  };
  const readme = renderReadme({
    template,
    fullDescription: description.full.replace(/\bhttp:\/\//gi, "https://"),
    ...(longDescription ? { longDescription } : {}),
    prerequisites,
    learningResources,
    sourceName: file.split(/[\\/]/).pop() ?? file,
  });
  return { template, readme, diagnostics: finish(src), locate: (pointer) => src.location(yamlPathFor(pointer, src)) };
}

function countErrors(src: Source): number {
  return src.diagnostics.filter((d) => d.severity === "error").length;
}

function finish(src: Source): Diagnostic[] {
  return sortDiagnostics(src.diagnostics);
}

function mapLicense(src: Source, options: ImportOptions): string | undefined {
  const license = options.license?.trim() ?? DEFAULT_LICENSE;
  if (license === "Custom") {
    src.report(
      "CWS503",
      [],
      "--license Custom needs a license_url, which the importer cannot set",
      "pass an SPDX id such as MIT or Apache-2.0, then edit template.json for a custom license",
    );
    return undefined;
  }
  if (license.length === 0 || license.length > 128) {
    src.report("CWS503", [], "--license must be an SPDX license id or expression", 'such as MIT, Apache-2.0 or "Apache-2.0 OR MIT"');
    return undefined;
  }
  return license;
}

/** The marketplace links only https (rule CWS216): upgrade http links, and say so. */
function https(src: Source, path: Path, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const upgraded = text.replace(/\bhttp:\/\//gi, "https://");
  if (upgraded !== text) {
    src.report("CWS504", path, "http link changed to https", "check that the link works over https; the marketplace only links to https pages");
  }
  return upgraded;
}
