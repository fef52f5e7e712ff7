/**
 * Search tags from CloudWorkstation's free-form `tags` map (string → string) and `domain`.
 * The map mixes labels ("language: python"), flags ("gpu: true") and settings ("cost:
 * optimized"), so each kind is turned into a keyword differently; see mapTags.
 */
import { slugify } from "./slug.js";
import type { Source } from "./source.js";

// Keys whose value is the keyword itself ("language: python" → "python").
const GENERIC_TAG_KEYS = new Set([
  "type",
  "kind",
  "purpose",
  "language",
  "languages",
  "field",
  "domain",
  "category",
  "topic",
  "area",
  "discipline",
  "subject",
  "os",
  "stack",
  "framework",
  "frameworks",
  "tool",
  "tools",
  "software",
  "application",
  "use-case",
  "usecase",
  "workload",
  "interface",
  "requires",
  "needs",
]);
// Values that only say the key applies ("gpu: true" → "gpu") or does not ("gpu: false" → nothing).
const YES = /^(true|yes|on|enabled|required|supported)$/i;
const NO = /^(false|no|off|disabled|none|n\/a)$/i;

/**
 * Tags from CloudWorkstation's string→string tags map, plus the domain. A value alone is kept
 * when the key is a generic label (type, language, field...); a yes-like or {{.placeholder}}
 * value keeps only the key (unless the key is generic); a no-like value drops the entry (a
 * "gpu" tag for gpu: false would mislead search); anything else becomes key-value
 * ("cost: optimized" → "cost-optimized").
 */
export function mapTags(src: Source, category: string): { tags: string[]; research_domains?: [string] } {
  const tags: string[] = [];
  const map = src.record(["tags"]);
  for (const key of map ? Object.keys(map) : []) {
    const value = src.string(["tags", key])?.trim() ?? "";
    const k = slugify(key, 40);
    const v = slugify(value, 40);
    const generic = GENERIC_TAG_KEYS.has(k);
    // A placeholder is only known at launch; under a generic key nothing useful is left.
    if (NO.test(value) || (generic && value.includes("{{"))) continue;
    if (YES.test(value) || value.includes("{{") || !v) tags.push(k);
    else if (generic || !k || v.startsWith(k)) tags.push(v);
    else tags.push(slugify(`${k}-${v}`, 40));
  }
  // The upstream category is a search word too when it is not the marketplace category itself.
  const upstream = slugify(src.string(["category"]) ?? "", 40);
  if (upstream && upstream !== category) tags.push(upstream);
  const domain = slugify(src.string(["domain"]) ?? "", 60);
  if (domain) tags.push(slugify(domain, 40));
  let unique = [...new Set(tags.filter((t) => t.length > 0))];
  if (unique.length > 20) {
    src.report("CWS504", ["tags"], `${unique.length} tags derived; only the first 20 are kept`, `dropped: ${unique.slice(20).join(", ")}`, true);
    unique = unique.slice(0, 20);
  }
  if (unique.length === 0) unique = [category];
  return domain ? { tags: unique, research_domains: [domain] } : { tags: unique };
}
