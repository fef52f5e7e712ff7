import { CwsError, EXIT } from "../errors.js";

/**
 * What publish remembers between runs, stored in the bucket next to the tree (not a public
 * file). Only the grace period needs memory: when each key vanished from the local tree.
 */
export interface PublishState {
  format: 1;
  /** CLASSIFY_RULES_VERSION the objects in the bucket were uploaded under. */
  rules: number;
  /** When the state was written (informational). */
  updated_at: string;
  /** Keys absent from the last published trees, by tree-relative key. */
  stale: Record<string, { stale_since: string }>;
}

/** The state object's key, relative to the prefix. `_publish/` is never part of a tree. */
export const STATE_KEY = "_publish/state.json";
export const RESERVED_PREFIX = "_publish/";

export function serializeState(state: PublishState): string {
  const stale = Object.fromEntries(Object.entries(state.stale).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...state, stale }, null, 2)}\n`;
}

/** True when two states differ in anything but their write time (so an idle publish writes nothing). */
export function stateChanged(before: PublishState | undefined, after: PublishState): boolean {
  if (!before) return true;
  const strip = (s: PublishState) => serializeState({ ...s, updated_at: "" });
  return strip(before) !== strip(after);
}

export function parseState(text: string, where: string): PublishState {
  const invalid = (why: string) =>
    new CwsError(
      "PUBLISH_STATE_INVALID",
      `${where} is not a publish state (${why})`,
      "fix or delete that object; deleting it restarts the grace period of every stale object",
      EXIT.usage,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (typeof data !== "object" || data === null) throw invalid("not an object");
  const record = data as Record<string, unknown>;
  if (record.format !== 1) throw invalid(`unknown format ${JSON.stringify(record.format)}`);
  if (typeof record.rules !== "number") throw invalid("rules is not a number");
  const staleIn = record.stale;
  if (typeof staleIn !== "object" || staleIn === null || Array.isArray(staleIn)) throw invalid("stale is not an object");
  const stale: PublishState["stale"] = {};
  for (const [key, value] of Object.entries(staleIn)) {
    const since = (value as { stale_since?: unknown } | null)?.stale_since;
    if (typeof since !== "string" || Number.isNaN(Date.parse(since))) throw invalid(`stale_since of ${key} is not a date`);
    stale[key] = { stale_since: since };
  }
  return { format: 1, rules: record.rules, updated_at: typeof record.updated_at === "string" ? record.updated_at : "", stale };
}
