import { createHash } from "node:crypto";
import type { Template } from "../types/generated.js";
import type { TemplateContext } from "./render-template.js";

/**
 * The content hash of everything renderTemplate reads for one template: the build code version,
 * the template and its README and screenshot bytes, its git history and past versions, its
 * community stats and reviews, its AMI state entry, whether it is featured and its forks. Two
 * builds with the same key render the same bytes, so the second may reuse the first's output.
 * The build time is not part of it: a render that read the build time says so
 * (TemplateOutput.usedGeneratedAt) and is reused only at the same build time.
 */
export function templateInputKey(t: Template, ctx: TemplateContext, codeVersion: string): string {
  const id = t.template_id;
  const { input } = ctx;
  const hash = createHash("sha256");
  const part = (value: unknown) => hash.update(`${JSON.stringify(value) ?? "null"}\n`);
  part(codeVersion);
  part(t);
  part(input.docs.get(id) ?? "");
  for (const [name, bytes] of input.screenshots.get(id) ?? []) {
    part(name);
    hash.update(bytes);
  }
  part(input.history.get(id) ?? null);
  part(input.versionSources?.get(id) ?? null);
  part(input.stats.get(id) ?? null);
  part(input.reviews.get(id) ?? null);
  part(input.amiState.templates[id] ?? null);
  part(ctx.featured.has(id));
  part(ctx.forks.get(id) ?? []);
  return hash.digest("hex");
}
