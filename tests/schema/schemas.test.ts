import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validatorFor } from "../../core/schema/ajv.js";
import { generateTypes } from "../../core/schema/generate-types.js";
import { loadSchemas, SCHEMA_FILES, type SchemaName } from "../../core/schema/schemas.js";

/** Every place a schema declares properties, with the pointer to it. */
function propertyDeclarations(node: unknown, at = ""): [string, Record<string, unknown>][] {
  if (!node || typeof node !== "object") return [];
  const out: [string, Record<string, unknown>][] = [];
  const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
  for (const [name, def] of Object.entries(props ?? {})) out.push([`${at}/properties/${name}`, def]);
  for (const [key, child] of Object.entries(node)) out.push(...propertyDeclarations(child, `${at}/${key}`));
  return out;
}

describe("schemas", () => {
  it.each(Object.keys(SCHEMA_FILES) as SchemaName[])("%s compiles in strict mode with an $id and described properties", (name) => {
    const schema = loadSchemas().get(name);
    expect(schema?.$id).toMatch(/^https:\/\/.+\/schemas\/v1\/[a-z-]+\.schema\.json$/);
    expect(schema?.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(typeof validatorFor(name)).toBe("function");
    const undescribed = propertyDeclarations(schema)
      .filter(([pointer]) => !pointer.includes("/if/"))
      .filter(([, def]) => typeof def.description !== "string" || def.description.length < 5)
      .map(([pointer]) => pointer);
    expect(undescribed).toEqual([]);
  });

  it("keeps computed fields out of the authored template", () => {
    const validate = validatorFor("template");
    const template = JSON.parse(readFileSync(new URL("../corpus/base/templates/parent-stack/template.json", import.meta.url), "utf8"));
    expect(validate(template)).toBe(true);
    for (const computed of ["rating", "reviews", "downloads", "last_updated", "ami_available", "featured"]) {
      expect(validate({ ...template, [computed]: 1 }), computed).toBe(false);
    }
    const published = {
      ...template,
      rating: 4.7,
      reviews: 23,
      downloads: 1547,
      last_updated: "2024-12-01T10:30:00Z",
      ami_available: true,
      featured: false,
      launches: 1200,
      success_rate: 0.98,
      trending: 40,
      rating_histogram: { "1": 0, "2": 1, "3": 1, "4": 5, "5": 16 },
      forks: [],
      amis: { "us-east-1": { x86_64: { image_id: "ami-0123456789abcdef0", owner_id: "123456789012", created_at: "2024-11-30T08:00:00Z" } } },
      history: [{ version: "3.2.1", date: "2024-12-01T10:30:00Z", commit: "a".repeat(40) }],
      history_complete: true,
      screenshots: [],
    };
    expect(validatorFor("publishedTemplate")(published)).toBe(true);
    expect(validatorFor("publishedTemplate")({ ...published, surprise: 1 })).toBe(false);
    expect(
      validatorFor("publishedTemplate")({ ...published, amis: { "us-east-1": { x86_64: { image_id: "ami-evil", owner_id: "1", created_at: "x" } } } }),
    ).toBe(false);
  });

  it("validates the seed's review example and rejects out-of-range ratings", () => {
    const review = {
      review_id: "rev_12345",
      template_id: "genomics-pipeline-v3",
      reviewer: "postdoc-researcher",
      rating: 5,
      title: "Excellent for WGS analysis",
      content: "Saved weeks of setup time. All tools work perfectly out of the box.",
      use_case: "whole-genome-sequencing",
      verified_usage: true,
      helpful_votes: 12,
      created_at: "2024-11-15T14:22:00Z",
    };
    expect(validatorFor("review")(review)).toBe(true);
    expect(validatorFor("review")({ ...review, rating: 6 })).toBe(false);
    const event = { event_id: "0b6f2a4e-3b0c-4c55-9f7e-2d1c5e7a9b10", template_id: "x", event: "launch", occurred_at: "2026-11-27T10:00:00Z" };
    expect(validatorFor("usageEvent")(event)).toBe(true);
    expect(validatorFor("usageEvent")({ ...event, event_id: "not-a-uuid" })).toBe(false);
  });
});

describe("generated types", () => {
  it("match the schemas (run npm run gen:types after changing a schema)", async () => {
    const committed = readFileSync(new URL("../../core/types/generated.ts", import.meta.url), "utf8");
    expect(await generateTypes()).toBe(committed);
  });
});

describe("rules documentation", () => {
  it("docs/rules.md matches the rule catalogue (run npm run gen:docs)", async () => {
    const { renderRulesDoc } = await import("../../core/diagnostics/render-rules-doc.js");
    expect(readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8")).toBe(renderRulesDoc());
  });
});
