/**
 * Normalisers that turn CloudWorkstation's free-form strings (display names, maintainer names,
 * "1.0" versions) into the marketplace's strict identifiers. Pure string functions, so the
 * CLI can use the same checks to reject bad flags before importing anything.
 */
import { HANDLE, SEMVER, TEMPLATE_ID } from "../spec/ids.js";
import { editDistance } from "../util/edit-distance.js";

/**
 * Lowercase kebab-case: accents folded ("Café" → "cafe"), every run of other characters
 * becomes one hyphen, no leading/trailing hyphen, at most `max` characters (cut at a hyphen
 * when possible so a word is not chopped in half).
 */
export function slugify(text: string, max = 64): string {
  const kebab = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (kebab.length <= max) return kebab;
  const cut = kebab.slice(0, max);
  const lastHyphen = cut.lastIndexOf("-");
  // Only back off to a word boundary when that keeps most of the text.
  return (lastHyphen >= max / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, "");
}

/** A template id from a slug or display name, or undefined when nothing valid is left. */
export function toTemplateId(text: string): string | undefined {
  const id = slugify(text, 64);
  return TEMPLATE_ID.test(id) ? id : undefined;
}

/**
 * A handle from a maintainer string such as "Jane Doe <jane@lab.org>" or "CloudWorkstation Team".
 * The e-mail part is dropped: it is personal data and not a handle.
 */
export function toHandle(maintainer: string): string | undefined {
  const withoutEmail = maintainer.replace(/<[^>]*>/g, " ").replace(/\S+@\S+/g, " ");
  const handle = slugify(withoutEmail, 39);
  return HANDLE.test(handle) ? handle : undefined;
}

/**
 * Accepts what CloudWorkstation authors write ("1", "1.0", "v2.1.0", "01.2") and returns a
 * semantic version, or undefined when the text is not a version at all.
 */
export function normaliseVersion(raw: string): string | undefined {
  const text = raw.trim().replace(/^v(?=\d)/i, "");
  const short = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (short) {
    const [, major = "0", minor = "0", patch = "0"] = short;
    return [major, minor, patch].map((n) => n.replace(/^0+(?=\d)/, "")).join(".");
  }
  return SEMVER.test(text) ? text : undefined;
}

/** Up to `count` candidates closest to `word`, best first, for "did you mean" hints. */
export function closestIds(word: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((c) => ({ c, d: c.includes(word) || word.includes(c) ? 0 : editDistance(word, c) }))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, count)
    .map((x) => x.c);
}
