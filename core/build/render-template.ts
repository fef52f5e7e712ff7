import { cycloneDxProblems } from "../sbom/validate.js";
import { validatorFor } from "../schema/ajv.js";
import type { SchemaName } from "../schema/schemas.js";
import { reviewsPagePath, templateDocsPath, templateMetadataPath, templateTestsPath } from "../spec/layout.js";
import { zeroStats } from "../spec/ratings.js";
import { reviewsPage } from "../spec/reviews-page.js";
import type { Template, TemplateSummary } from "../types/generated.js";
import { summaryOf } from "./catalog.js";
import type { BuildInput } from "./inputs.js";
import { publishedRecord } from "./published-record.js";
import { versionFiles } from "./versions.js";

/** Everything one template contributes to the tree, except its screenshots (copied as they are). */
export interface TemplateOutput {
  /** Its row in catalog.json (and, through it, in the search index and the other indexes). */
  summary: TemplateSummary;
  /** Its files under templates/<id>/ by path, in the order they were rendered. */
  files: [path: string, bytes: Uint8Array][];
  /** Whether rendering read the build time (a fallback date): then the build time is an input too. */
  usedGeneratedAt: boolean;
}

export interface TemplateContext {
  input: BuildInput;
  featured: ReadonlySet<string>;
  forks: ReadonlyMap<string, string[]>;
}

/**
 * Renders one published template's files. A function of the template's own inputs only
 * (template-key.ts lists them), which is what lets the build reuse the output of an unchanged
 * template. Every JSON file is checked against its published-format schema.
 */
export function renderTemplate(t: Template, ctx: TemplateContext): TemplateOutput {
  let usedGeneratedAt = false;
  // Track whether a fallback date was needed: a render that read it depends on the build time.
  const input: BuildInput = Object.create(ctx.input, {
    generatedAt: {
      get: () => {
        usedGeneratedAt = true;
        return ctx.input.generatedAt;
      },
    },
  });
  const id = t.template_id;
  const files: [string, Uint8Array][] = [];
  const put = (path: string, schema: SchemaName, value: unknown): void => {
    assertSchema(schema, value, path);
    files.push([path, encode(`${JSON.stringify(value, null, 2)}\n`)]);
  };
  const record = publishedRecord(t, { input, featured: ctx.featured, forks: ctx.forks });
  put(templateMetadataPath(id), "publishedTemplate", record);
  files.push([templateDocsPath(id), encode(ctx.input.docs.get(id) ?? "")]);
  put(templateTestsPath(id), "validationTests", { template_id: id, version: record.version, tests: record.validation_tests ?? [] });
  put(reviewsPagePath(id), "apiReviews", reviewsPage(id, ctx.input.stats.get(id) ?? zeroStats(), ctx.input.reviews.get(id) ?? []));
  // Every published version, addressable by version (client spec §3.6), with its SBOM (§4.1):
  // the current version's is the one metadata.json's sbom names.
  for (const file of versionFiles(t, input)) {
    if ("sbom" in file) {
      const problems = cycloneDxProblems(file.sbom);
      if (problems.length > 0) throw new Error(`build produced an invalid ${file.path} (CycloneDX 1.5): ${problems.join("; ")}`);
      files.push([file.path, encode(`${JSON.stringify(file.sbom, null, 2)}\n`)]);
    } else put(file.path, file.schema, file.value);
  }
  return { summary: summaryOf(record), files, usedGeneratedAt };
}

export function assertSchema(schema: SchemaName, value: unknown, path: string): void {
  const validate = validatorFor(schema);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
    // The build produced a file the spec does not allow: a bug in the build, never in user input.
    throw new Error(`build produced an invalid ${path} (${schema}): ${problems}`);
  }
}

const encoder = new TextEncoder();
export function encode(text: string): Uint8Array {
  return encoder.encode(text);
}
