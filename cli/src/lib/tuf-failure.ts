import type { Answer } from "./http-fetcher.js";

/**
 * Why a TUF refresh or download failed, decided by whether the marketplace answered (see
 * WitnessFetcher), never by the error alone. Pure, so the rules are tested without a network.
 *
 * - network: the marketplace never answered (connection refused, DNS, timeout, reset, 5xx). The
 *   only failure that may fall back to verified copies, and only until they expire.
 * - refused: it answered, and what it sent failed verification (signature, threshold, hash,
 *   length, version, expiry, malformed or oversized metadata, garbage), or it withheld a file its
 *   signed metadata names (4xx). A security refusal: nothing cached is used.
 * - absent: timestamp.json itself is not served (4xx): there is no marketplace at that address.
 */
export type TufFailure =
  | { kind: "network"; reason: string }
  | { kind: "refused"; file: string; reason: string; detail: string }
  | { kind: "absent"; file: string; status: number };

type Kind = "unsigned" | "expired" | "rollback" | "mismatch" | "oversized" | "json" | "malformed";

const REASONS: Record<Kind, string> = {
  unsigned: "not signed by the trusted keys",
  expired: "its signed metadata has expired; the publisher stopped re-signing it, or someone is replaying old data",
  rollback: "older than what this machine already trusts: a rollback",
  mismatch: "does not match its signed length and hash: it was tampered with or corrupted",
  oversized: "larger than its signed length (or the client's limit) allows: it was tampered with or corrupted",
  json: "not valid JSON",
  malformed: "not valid TUF metadata",
};

/** tuf-js and @tufjs/models error classes (names survive bundling: keepNames). */
const BY_CLASS = new Map<string, Kind>(
  Object.entries({
    UnsignedMetadataError: "unsigned",
    ExpiredMetadataError: "expired",
    BadVersionError: "rollback",
    EqualVersionError: "rollback",
    LengthOrHashMismatchError: "mismatch",
    DownloadLengthMismatchError: "oversized",
    SyntaxError: "json",
    TypeError: "malformed",
  }) as [string, Kind][],
);

/** For errors tuf-js flattened into a message: the inner error's text is all that is left. */
const BY_MESSAGE: [RegExp, Kind][] = [
  [/signed by \d+\/\d+ keys/, "unsigned"],
  [/\bis expired\b/, "expired"],
  [/less than current version|equal to current version|does not match snapshot version|doesn't match timestamp/, "rollback"],
  [/^Expected (?:length|hash) /, "mismatch"],
  [/Max length reached/, "oversized"],
  [/\bJSON\b|Unexpected token|Unexpected end/, "json"],
];

/** "Unable to load snapshot metadata error Error: snapshot was signed by 0/1 keys" */
const WRAPPED = /^Unable to load (?:snapshot metadata|targets) error (?:(\w+): )?([\s\S]*)$/;

export function classifyFailure(error: unknown, answer: Answer | undefined, registryUrl: string): TufFailure {
  if (answer && !answer.answered) return { kind: "network", reason: `${answer.reason} (${answer.url})` };
  const file = answer ? relativeTo(answer.url, registryUrl) : "the trusted metadata";
  if (answer?.status !== undefined) {
    if (/(?:^|\/)timestamp\.json$/.test(file)) return { kind: "absent", file, status: answer.status };
    return { kind: "refused", file, reason: `withheld: the marketplace answered HTTP ${answer.status} for a file its signed metadata names`, detail: "" };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const wrapped = WRAPPED.exec(e.message);
  const name = wrapped ? (wrapped[1] ?? "") : (e.constructor?.name ?? e.name);
  const detail = (wrapped ? (wrapped[2] ?? "") : e.message).trim();
  const kind = BY_CLASS.get(name) ?? BY_MESSAGE.find(([pattern]) => pattern.test(detail))?.[1] ?? "malformed";
  return { kind: "refused", file, reason: REASONS[kind], detail };
}

/** The refusal as one line: which file, what was wrong, and tuf-js's own words. */
export function refusalMessage(failure: Extract<TufFailure, { kind: "refused" }>, registryUrl: string): string {
  return `refusing ${registryUrl}: ${failure.file}: ${failure.reason}${failure.detail ? ` (${failure.detail})` : ""}`;
}

function relativeTo(url: string, base: string): string {
  const prefix = `${base.replace(/\/+$/, "")}/`;
  return url.startsWith(prefix) ? url.slice(prefix.length) : url;
}
