import type { Maintainers, Template } from "../types/generated.js";
import { EDITORIAL_FILES } from "./snapshot.js";

/**
 * .github/CODEOWNERS from the registry: each template folder is owned by its `owners`, so GitHub
 * asks them to review changes; everything else, and above all the editorial files (which rule
 * CWS407 also reserves to them), belongs to the maintainers in registry/maintainers.json. Later
 * lines win in CODEOWNERS, so the catch-all comes first.
 */
export function renderCodeowners(templates: readonly Pick<Template, "template_id" | "owners">[], maintainers: Pick<Maintainers, "maintainers">): string {
  const team = maintainers.maintainers.map((m) => `@${m}`).join(" ");
  const lines = [
    "# Generated from registry/maintainers.json and registry/templates/*/template.json by `npm run gen:codeowners`. Do not edit.",
    `* ${team}`,
    ...EDITORIAL_FILES.map((name) => `/registry/${name} ${team}`),
  ];
  for (const t of [...templates].sort((a, b) => a.template_id.localeCompare(b.template_id))) {
    lines.push(`/registry/templates/${t.template_id}/ ${t.owners.map((o) => `@${o}`).join(" ")}`);
  }
  return `${lines.join("\n")}\n`;
}
