/** Unified diffs of the files a change writes, for --dry-run and the API's preview. Pure. */

import { commonAffix } from "../util/common-affix.js";

type Op = { kind: " " | "-" | "+"; line: string };

/** Beyond this many differing lines the diff is shown as a whole-file replacement (Myers' trace grows as D²). */
const MAX_EDIT_DISTANCE = 4000;

/** A unified diff (git's format, 3 lines of context) of one file; "" when the texts are equal. `before` undefined means a new file. */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return "";
  const a = before === undefined ? [] : splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const header = [`diff --git a/${path} b/${path}`];
  if (before === undefined) header.push("new file mode 100644", "--- /dev/null");
  else header.push(`--- a/${path}`);
  header.push(`+++ b/${path}`);
  return `${[...header, ...hunks(ops, context)].join("\n")}\n`;
}

/** The hunks alone (no file header) of two texts' unified diff; [] when they are equal. */
export function unifiedHunks(before: string, after: string, context = 3): string[] {
  return before === after ? [] : hunks(diffLines(splitLines(before), splitLines(after)), context);
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Myers' O(ND) shortest edit script, after trimming the common prefix and suffix. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const { start, endA, endB } = commonAffix(a, b);
  const prefix = a.slice(0, start).map((line) => ({ kind: " " as const, line }));
  const suffix = a.slice(endA).map((line) => ({ kind: " " as const, line }));
  return [...prefix, ...myers(a.slice(start, endA), b.slice(start, endB)), ...suffix];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: "+" as const, line }));
  if (m === 0) return a.map((line) => ({ kind: "-" as const, line }));
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  return [...a.map((line) => ({ kind: "-" as const, line })), ...b.map((line) => ({ kind: "+" as const, line }))];
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1] ?? "" });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[y - 1] ?? "" });
      else ops.push({ kind: "-", line: a[x - 1] ?? "" });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function hunks(ops: readonly Op[], context: number): string[] {
  const out: string[] = [];
  const changed = ops.map((o, i) => (o.kind === " " ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    const first = changed[i] as number;
    let last = first;
    while (i + 1 < changed.length && (changed[i + 1] as number) - last <= 2 * context + 1) last = changed[++i] as number;
    i++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, last + context);
    let oldStart = 1;
    let newStart = 1;
    for (let j = 0; j < from; j++) {
      if (ops[j]?.kind !== "+") oldStart++;
      if (ops[j]?.kind !== "-") newStart++;
    }
    const body = ops.slice(from, to + 1);
    const oldCount = body.filter((o) => o.kind !== "+").length;
    const newCount = body.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...body.map((o) => `${o.kind}${o.line}`));
  }
  return out;
}

// Like git: an empty range is written as the line before it, with count 0.
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
