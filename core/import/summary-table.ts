/** The closing table of a folder import: one row per YAML file, in the order they were read. */
export interface SummaryRow {
  file: string;
  /** The template id, when the file got that far. */
  id?: string;
  outcome: "written" | "refused" | "valid (dry run)";
  warnings: number;
}

export function formatSummary(rows: readonly SummaryRow[]): string {
  const cells = [["file", "id", "result", "warnings"], ...rows.map((r) => [r.file, r.id ?? "-", r.outcome, String(r.warnings)])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 3 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const refused = rows.filter((r) => r.outcome === "refused").length;
  const ok = rows.length - refused;
  const verb = rows.some((r) => r.outcome === "valid (dry run)") ? "would be written" : "written";
  return [line(cells[0] ?? []), ...cells.slice(1).map(line), "", `${rows.length} file${rows.length === 1 ? "" : "s"}: ${ok} ${verb}, ${refused} refused`].join(
    "\n",
  );
}
