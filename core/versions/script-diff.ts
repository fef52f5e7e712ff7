import { unifiedHunks } from "../registry-changes/diff.js";
import type { Template } from "../types/generated.js";
import { printable } from "../util/printable.js";

/**
 * What changed in a template's scripts between two versions (or a fork and its parent): the
 * boot-time user_data and the post_install script, each as line counts and a short unified diff.
 * These run as root on every instance, so a version bump that touches only them still changes
 * the environment, and `diff` must say so.
 */

export const SCRIPT_FIELDS = ["user_data", "post_install"] as const;
export type ScriptField = (typeof SCRIPT_FIELDS)[number];

/** Lines of unified diff kept per script; the rest are counted in `omitted`. */
export const MAX_SCRIPT_DIFF_LINES = 40;

export interface ScriptChange {
  field: ScriptField;
  change: "added" | "removed" | "changed";
  lines_added: number;
  lines_removed: number;
  /** Unified diff hunks with one line of context (only when changed), at most MAX_SCRIPT_DIFF_LINES lines. */
  diff: string[];
  /** Diff lines left off beyond MAX_SCRIPT_DIFF_LINES. */
  omitted: number;
}

export function diffScripts(a: Omit<Template, "$schema">, b: Omit<Template, "$schema">): ScriptChange[] {
  const out: ScriptChange[] = [];
  for (const field of SCRIPT_FIELDS) {
    const from = a.environment[field];
    const to = b.environment[field];
    if (from === to) continue;
    if (from === undefined || to === undefined) {
      const lines = lineCount(from ?? to ?? "");
      out.push({
        field,
        change: from === undefined ? "added" : "removed",
        lines_added: from === undefined ? lines : 0,
        lines_removed: to === undefined ? lines : 0,
        diff: [],
        omitted: 0,
      });
      continue;
    }
    const hunks = unifiedHunks(from, to, 1);
    const body = hunks.filter((l) => !l.startsWith("@@"));
    out.push({
      field,
      change: "changed",
      lines_added: body.filter((l) => l.startsWith("+")).length,
      lines_removed: body.filter((l) => l.startsWith("-")).length,
      diff: hunks.slice(0, MAX_SCRIPT_DIFF_LINES),
      omitted: Math.max(0, hunks.length - MAX_SCRIPT_DIFF_LINES),
    });
  }
  return out;
}

/** The script changes as indented lines; script text is escaped (it is the publisher's, and a terminal obeys control codes). */
export function scriptLines(changes: readonly ScriptChange[]): string[] {
  if (changes.length === 0) return [];
  const out = ["scripts:"];
  for (const c of changes) {
    const mark = c.change === "added" ? "+" : c.change === "removed" ? "-" : "~";
    out.push(`  ${mark} ${c.field} (${c.change === "changed" ? `+${c.lines_added} -${c.lines_removed}` : `${c.lines_added + c.lines_removed}`} lines)`);
    for (const line of c.diff) out.push(`    ${printable(line)}`);
    if (c.omitted > 0) out.push(`    … ${c.omitted} more lines`);
  }
  return out;
}

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}
