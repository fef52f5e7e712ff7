/**
 * Installed software (docs/client-spec.md §4.1): the entries of a version's SBOM summary, and the
 * version order `cws marketplace search --has` and the site's software facet compare with. Pure
 * and dependency-free, so every client compares versions the same way.
 */

export type Ecosystem = "deb" | "rpm" | "conda" | "pip" | "spack";
export const ECOSYSTEMS: readonly Ecosystem[] = ["deb", "rpm", "conda", "pip", "spack"];

export interface SoftwareEntry {
  name: string;
  version: string;
  ecosystem: Ecosystem;
}

/**
 * Where a record's `software` comes from: "sbom" entries hold exact installed versions captured
 * from the built image; "declared" entries are the template's own package specs (no image built
 * yet), whose `version` is the declared constraint as written (">=1.21", "=3.12", "" unpinned).
 */
export type SoftwareSource = "sbom" | "declared";

type Token = { kind: "num"; value: bigint } | { kind: "alpha"; value: string } | { kind: "tilde" };

// Pre-release words sort before the release they precede (1.0rc1 < 1.0), in this order.
const PRE_RELEASE = ["dev", "alpha", "a", "beta", "b", "pre", "c", "rc"];
const preRank = (word: string): number => {
  const i = PRE_RELEASE.indexOf(word);
  if (i < 0) return -1;
  return word === "a" ? 1 : word === "b" ? 3 : word === "c" ? 5 : i;
};

function tokens(version: string): Token[] {
  const out: Token[] = [];
  for (const m of version.toLowerCase().matchAll(/(\d+)|([a-z]+)|(~)/g)) {
    if (m[1] !== undefined) out.push({ kind: "num", value: BigInt(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: "alpha", value: m[2] });
    else out.push({ kind: "tilde" });
  }
  return out;
}

function splitEpoch(version: string): { epoch: bigint | undefined; rest: string } {
  const m = /^(\d+):(.*)$/.exec(version);
  return m ? { epoch: BigInt(m[1] as string), rest: m[2] as string } : { epoch: undefined, rest: version };
}

/** What a leftover token list means when the other version has ended: -1 older, 0 same, 1 newer. */
function tail(rest: readonly Token[]): number {
  for (const t of rest) {
    if (t.kind === "tilde") return -1;
    if (t.kind === "alpha") return preRank(t.value) >= 0 ? -1 : 1;
    if (t.value !== 0n) return 1;
  }
  return 0;
}

/**
 * Orders two versions of any ecosystem: an optional epoch ("1:"), then runs of digits compared
 * as numbers and runs of letters; ".", "-", "_" and "+" only separate. Trailing zeros do not
 * count (1.20 = 1.20.0), "~" and pre-release words (dev, a, alpha, b, beta, rc, pre) sort before
 * the release (1.20~rc1 < 1.20rc2 < 1.20 < 1.20-1 < 1.20.1), and other words after it (1.20post1).
 * A missing epoch is 0. Returns -1, 0 or 1.
 */
export function compareVersions(a: string, b: string): number {
  const ea = splitEpoch(a);
  const eb = splitEpoch(b);
  const epochA = ea.epoch ?? 0n;
  const epochB = eb.epoch ?? 0n;
  if (epochA !== epochB) return epochA < epochB ? -1 : 1;
  const ta = tokens(ea.rest);
  const tb = tokens(eb.rest);
  for (let i = 0; i < Math.max(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (!x) return 0 - tail(tb.slice(i));
    if (!y) return tail(ta.slice(i));
    const c = compareToken(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

function compareToken(x: Token, y: Token): number {
  if (x.kind === "tilde" || y.kind === "tilde") return x.kind === y.kind ? 0 : x.kind === "tilde" ? -1 : 1;
  if (x.kind === "num" && y.kind === "num") return x.value === y.value ? 0 : x.value < y.value ? -1 : 1;
  if (x.kind === "alpha" && y.kind === "alpha") {
    const rx = preRank(x.value);
    const ry = preRank(y.value);
    if (rx >= 0 && ry >= 0) return rx === ry ? 0 : rx < ry ? -1 : 1;
    if (rx >= 0 || ry >= 0) return rx >= 0 ? -1 : 1;
    return x.value === y.value ? 0 : x.value < y.value ? -1 : 1;
  }
  // A number against a word: a pre-release word is older, any other word newer (1.0a < 1.0.1 < 1.0post).
  const word = (x.kind === "alpha" ? x.value : (y as { value: string }).value) as string;
  const wordFirst = x.kind === "alpha";
  const wordOlder = preRank(word) >= 0;
  return wordFirst === wordOlder ? -1 : 1;
}

/** The smallest version above every version that starts with `v`'s numbers: 1.20 → 1.21. */
function nextPrefix(version: string): string | undefined {
  const { epoch, rest } = splitEpoch(version);
  const m = /^(.*?)(\d+)(\D*)$/.exec(rest.replace(/[.\-_+]+$/, ""));
  if (!m) return undefined;
  const bumped = `${m[1]}${BigInt(m[2] as string) + 1n}`;
  return epoch === undefined ? bumped : `${epoch}:${bumped}`;
}

export type Operator = ">=" | ">" | "=" | "<" | "<=";
export const OPERATORS: readonly Operator[] = [">=", ">", "=", "<", "<="];

/** One `--has` filter: a package name, optionally its ecosystem, and optionally a version bound. */
export interface HasSpec {
  ecosystem?: Ecosystem;
  name: string;
  operator?: Operator;
  version?: string;
  /** The spec as written, for messages. */
  text: string;
}

export type HasSpecResult = { ok: true; spec: HasSpec } | { ok: false; message: string; hint: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+~:_-]*$/;
export const HAS_SPEC_HINT = 'write [ecosystem:]name[op version], op one of >= > = < <=, e.g. "samtools>=1.20" or "pip:numpy<2" (quote it in the shell)';

/** Parses `samtools>=1.20`, `pip:numpy<2`, `r-base=4.4` or a bare `fastp`. "==" is read as "=". */
export function parseHasSpec(text: string): HasSpecResult {
  const bad = (message: string): HasSpecResult => ({ ok: false, message: `--has "${text}": ${message}`, hint: HAS_SPEC_HINT });
  let rest = text.trim();
  let ecosystem: Ecosystem | undefined;
  const prefix = /^([a-z]+):(?![0-9])/.exec(rest);
  if (prefix) {
    if (!ECOSYSTEMS.includes(prefix[1] as Ecosystem)) return bad(`unknown ecosystem "${prefix[1]}" (one of ${ECOSYSTEMS.join(", ")})`);
    ecosystem = prefix[1] as Ecosystem;
    rest = rest.slice(prefix[0].length);
  }
  const m = /^([^<>=!~\s]*)\s*(?:(>=|<=|==|=|>|<)\s*(.*))?$/.exec(rest);
  if (!m) return bad("unexpected character (only >= > = < <= compare versions)");
  const name = m[1] ?? "";
  if (!NAME.test(name)) return bad(name === "" ? "no package name" : `"${name}" is not a package name`);
  const base = { ...(ecosystem ? { ecosystem } : {}), name, text };
  if (m[2] === undefined) return { ok: true, spec: base };
  const version = (m[3] ?? "").trim();
  if (!VERSION.test(version)) return bad(version === "" ? `no version after "${m[2]}"` : `"${version}" is not a version`);
  return { ok: true, spec: { ...base, operator: m[2] === "==" ? "=" : (m[2] as Operator), version } };
}

/** A version range; an absent end is open. */
interface Range {
  lo?: { v: string; incl: boolean };
  hi?: { v: string; incl: boolean };
}

/** `=1.20` means 1.20 or anything starting with it (1.20.3, 1.20-1build1), as conda's `=` does. */
function queryRange(op: Operator, v: string): Range {
  switch (op) {
    case ">=":
      return { lo: { v, incl: true } };
    case ">":
      return { lo: { v, incl: false } };
    case "<":
      return { hi: { v, incl: false } };
    case "<=":
      return { hi: { v, incl: true } };
    case "=": {
      const next = nextPrefix(v);
      return { lo: { v, incl: true }, ...(next ? { hi: { v: next, incl: false } } : { hi: { v, incl: true } }) };
    }
  }
}

/**
 * The range a declared spec's constraint guarantees ("", ">=1.21", ">=4.6,<5", "=3.12", "==2.1",
 * spack's "@1.14", "@1.2:1.4"); undefined when it guarantees nothing (unpinned, or a form this
 * does not read).
 */
function declaredRange(constraint: string, ecosystem: Ecosystem): Range | undefined {
  const text = constraint.trim();
  if (text === "") return undefined;
  if (ecosystem === "spack") {
    const m = /^@([^:\s]*)(:?)([^:\s]*)$/.exec(text);
    if (!m) return undefined;
    const [, lo = "", colon, hi = ""] = m;
    if (!colon) return lo ? queryRange("=", lo) : undefined;
    const hiNext = hi ? nextPrefix(hi) : undefined;
    return { ...(lo ? { lo: { v: lo, incl: true } } : {}), ...(hi ? { hi: hiNext ? { v: hiNext, incl: false } : { v: hi, incl: true } } : {}) };
  }
  let range: Range = {};
  for (const part of text.split(",")) {
    const m = /^\s*(>=|<=|==|=|>|<)\s*([A-Za-z0-9][A-Za-z0-9.+~:_-]*)\s*$/.exec(part);
    if (!m) return undefined;
    const op = m[1] as string;
    const v = m[2] as string;
    // pip's "==" and apt's "=" pin exactly; conda's single "=" is a prefix (3.12 → 3.12.*).
    const exact = op === "==" || (op === "=" && (ecosystem === "pip" || ecosystem === "deb" || ecosystem === "rpm"));
    const r: Range = exact ? { lo: { v, incl: true }, hi: { v, incl: true } } : queryRange(op === "==" ? "=" : (op as Operator), v);
    range = intersect(range, r);
  }
  return range;
}

function intersect(a: Range, b: Range): Range {
  const lo = !a.lo ? b.lo : !b.lo ? a.lo : compareVersions(a.lo.v, b.lo.v) > 0 || (compareVersions(a.lo.v, b.lo.v) === 0 && !a.lo.incl) ? a.lo : b.lo;
  const hi = !a.hi ? b.hi : !b.hi ? a.hi : compareVersions(a.hi.v, b.hi.v) < 0 || (compareVersions(a.hi.v, b.hi.v) === 0 && !a.hi.incl) ? a.hi : b.hi;
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

/** True when every version in `inner` is in `outer`. */
function within(inner: Range, outer: Range): boolean {
  if (outer.lo) {
    if (!inner.lo) return false;
    const c = compareVersions(inner.lo.v, outer.lo.v);
    if (c < 0 || (c === 0 && inner.lo.incl && !outer.lo.incl)) return false;
  }
  if (outer.hi) {
    if (!inner.hi) return false;
    const c = compareVersions(inner.hi.v, outer.hi.v);
    if (c > 0 || (c === 0 && inner.hi.incl && !outer.hi.incl)) return false;
  }
  return true;
}

/** Package names compare case-insensitively, with pip's "-", "_" and "." the same (PEP 503). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]+/g, "-");
  return norm(a) === norm(b);
}

// A query without an epoch compares against the installed version without its epoch, so
// samtools>=1.20 matches a Debian "1:1.21-1" as a researcher means it to.
function withoutEpochUnlessAsked(installed: string, query: string): string {
  return splitEpoch(query).epoch === undefined ? splitEpoch(installed).rest : installed;
}

/**
 * Whether one entry satisfies a spec. An installed (sbom) version must lie in the spec's range;
 * a declared constraint must guarantee it (declared ">=1.21" satisfies ">=1.20"; unpinned
 * declared packages satisfy only a spec without a version).
 */
export function entrySatisfies(entry: SoftwareEntry, source: SoftwareSource, spec: HasSpec): boolean {
  if (spec.ecosystem && entry.ecosystem !== spec.ecosystem) return false;
  if (!sameName(entry.name, spec.name)) return false;
  if (!spec.operator || spec.version === undefined) return true;
  const wanted = queryRange(spec.operator, spec.version);
  if (source === "sbom") {
    const v = withoutEpochUnlessAsked(entry.version, spec.version);
    return within({ lo: { v, incl: true }, hi: { v, incl: true } }, wanted);
  }
  const declared = declaredRange(entry.version, entry.ecosystem);
  return declared !== undefined && within(declared, wanted);
}
