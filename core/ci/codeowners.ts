import type { Template } from "../types/generated.js";

export const MAINTAINERS = "@cloudworkstation/marketplace-maintainers";

/**
 * .github/CODEOWNERS from the registry: each template folder is owned by its `owners`, so GitHub
 * asks them to review changes; everything else belongs to the marketplace maintainers. Later
 * lines win in CODEOWNERS, so the catch-all comes first.
 */
export function renderCodeowners(templates: readonly Pick<Template, "template_id" | "owners">[]): string {
  const lines = [
    "# Generated from registry/templates/*/template.json by `npm run gen:codeowners`. Do not edit.",
    `* ${MAINTAINERS}`,
    `/registry/categories.json ${MAINTAINERS}`,
    `/registry/featured.json ${MAINTAINERS}`,
  ];
  for (const t of [...templates].sort((a, b) => a.template_id.localeCompare(b.template_id))) {
    lines.push(`/registry/templates/${t.template_id}/ ${t.owners.map((o) => `@${o}`).join(" ")}`);
  }
  return `${lines.join("\n")}\n`;
}
