/** Terminal output: aligned tables for people, JSON for scripts, colour only when it helps. */
export interface Output {
  json: boolean;
  color: boolean;
  line(text?: string): void;
  warn(text: string): void;
  data(value: unknown): void;
}

export function createOutput(options: { json: boolean; noColor: boolean; env?: Readonly<Record<string, string | undefined>> }): Output {
  const env = options.env ?? process.env;
  const color = !options.json && !options.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== "") && process.stdout.isTTY === true;
  return {
    json: options.json,
    color,
    line: (text = "") => process.stdout.write(`${text}\n`),
    warn: (text) => process.stderr.write(`${paint(color && process.stderr.isTTY === true, "33", "warning:")} ${text}\n`),
    data: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

export function paint(on: boolean, code: string, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const bold = (o: Output, t: string) => paint(o.color, "1", t);
export const dim = (o: Output, t: string) => paint(o.color, "2", t);
export const yellow = (o: Output, t: string) => paint(o.color, "33", t);
export const red = (o: Output, t: string) => paint(o.color, "31", t);

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of colour codes is the point.
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, "").length;

/** Left-aligned columns padded to the widest cell; the last column is never padded. */
export function table(rows: string[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, visible(cell));
  }
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - visible(cell))))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function stars(rating: number, reviews: number): string {
  if (reviews === 0) return "unrated";
  return `${rating.toFixed(1)}★ (${reviews})`;
}

export function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
