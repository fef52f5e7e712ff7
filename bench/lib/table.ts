import { formatTarget, formatValue, met, type Row } from "./row.js";

const HEADER = ["case", "size", "median", "target", "met?", "note"] as const;

/**
 * The results as a plain-text table: case, size, median (or the single value), target, ✔/✖ and
 * a note. Rows without a target show "—"; rows that were not measured show their note instead
 * of a value. Widths follow the content so the table stays readable in a terminal and in
 * Markdown code blocks alike.
 */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => {
    const ok = met(r);
    return [
      r.label,
      r.size === undefined ? "—" : r.size.toLocaleString("en-US"),
      r.value === undefined ? "—" : formatValue(r.value, r.unit),
      r.target ? formatTarget(r.target) : "—",
      ok === undefined ? (r.target ? "?" : "") : ok ? "✔" : "✖",
      r.note ?? "",
    ];
  });
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (parts: readonly string[]) =>
    parts
      .map((p, i) => (i === 1 || i === 2 ? p.padStart(widths[i] ?? 0) : p.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(HEADER), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** The same rows as a GitHub Markdown table, for BENCHMARKS.md. */
export function formatMarkdown(rows: readonly Row[]): string {
  const body = rows.map((r) => {
    const ok = met(r);
    return `| ${[
      r.label,
      r.size === undefined ? "—" : r.size.toLocaleString("en-US"),
      r.value === undefined ? "—" : formatValue(r.value, r.unit),
      r.target ? formatTarget(r.target) : "—",
      ok === undefined ? "" : ok ? "✔" : "✖",
      r.note ?? "",
    ].join(" | ")} |`;
  });
  return ["| case | size | median | target | met? | note |", "| --- | ---: | ---: | --- | :---: | --- |", ...body].join("\n");
}
