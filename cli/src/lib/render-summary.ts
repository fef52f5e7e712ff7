import type { TemplateSummary } from "../../../core/types/generated.js";
import { dim, type Output, stars, table, truncate, yellow } from "./output.js";

/** The list/search table: one row per template, marks for deprecated and featured ones. */
export function summaryTable(out: Output, rows: TemplateSummary[], extra?: (s: TemplateSummary) => string): string {
  return table(
    rows.map((s) => [
      s.template_id +
        (s.maintenance_status === "deprecated"
          ? ` ${yellow(out, "(deprecated)")}`
          : s.maintenance_status === "archived"
            ? ` ${yellow(out, "(archived)")}`
            : ""),
      truncate(s.name, 44),
      s.category,
      s.architecture.join(","),
      stars(s.rating, s.reviews),
      `${s.downloads}`,
      ...(extra ? [extra(s)] : []),
    ]),
    ["ID", "NAME", "CATEGORY", "ARCH", "RATING", "DOWNLOADS", ...(extra ? [""] : [])].map((h) => dim(out, h)),
  );
}

/** JSON shape of a summary for --json output: stable, documented in cli/README.md. */
export function summaryJson(s: TemplateSummary, registry: string): TemplateSummary & { registry: string } {
  return { ...s, registry };
}
