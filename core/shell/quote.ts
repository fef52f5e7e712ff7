/** One POSIX shell word: single quotes, with embedded single quotes closed, escaped and reopened. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function quoteAll(values: readonly string[]): string {
  return values.map(quote).join(" ");
}
