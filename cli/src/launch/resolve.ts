import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { CLI_EXIT, cliError } from "../lib/errors.js";
import type { Entry, Marketplace } from "../lib/marketplace.js";

/**
 * Which template `cws launch <template>` means, in CloudWorkstation's order: a local template
 * first, then `marketplace:<id>`, then a marketplace template whose id or name is exactly the
 * text. Never a fuzzy match: launching something the user did not name costs money.
 */

export const PREFIX = "marketplace:";

export interface TemplateRef {
  /** As typed, without the prefix. */
  text: string;
  /** Typed with `marketplace:`, which skips local templates. */
  marketplace: boolean;
  /** The id (or name) part, without `@version`. */
  id: string;
  version?: string;
}

export function parseRef(input: string): TemplateRef {
  const marketplace = input.startsWith(PREFIX);
  const text = marketplace ? input.slice(PREFIX.length) : input;
  const at = text.lastIndexOf("@");
  const id = at > 0 ? text.slice(0, at) : text;
  const version = at > 0 ? text.slice(at + 1) : undefined;
  if (id.trim() === "" || version === "") {
    throw cliError(
      "BAD_TEMPLATE",
      `"${input}" names no template`,
      "write marketplace:<id> or marketplace:<id>@<version>, e.g. marketplace:genomics-pipeline-v3",
      CLI_EXIT.usage,
    );
  }
  return { text, marketplace, id, ...(version ? { version } : {}) };
}

export interface LocalTemplate {
  file: string;
  name?: string;
  slug?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** CWS_TEMPLATES_DIR (colon-separated), else CloudWorkstation's ~/.cloudworkstation/templates. */
export function localTemplateDirs(env: Env = process.env): string[] {
  const list = env.CWS_TEMPLATES_DIR;
  if (list !== undefined) return list.split(":").filter(Boolean);
  return [join(env.HOME || homedir(), ".cloudworkstation", "templates")];
}

const MAX_LOCAL_BYTES = 1_000_000;

/** The YAML templates in the directories, with their name and slug; unreadable files are skipped. */
export function readLocalTemplates(dirs: readonly string[]): LocalTemplate[] {
  const out: LocalTemplate[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const file of names.filter((n) => /\.ya?ml$/i.test(n)).map((n) => join(dir, n))) {
      try {
        if (!statSync(file).isFile() || statSync(file).size > MAX_LOCAL_BYTES) continue;
        const doc = YAML.parse(readFileSync(file, "utf8")) as unknown;
        if (!doc || typeof doc !== "object") continue;
        const { name, slug } = doc as { name?: unknown; slug?: unknown };
        out.push({ file, ...(typeof name === "string" ? { name } : {}), ...(typeof slug === "string" ? { slug } : {}) });
      } catch {
        // Not a CloudWorkstation template, or not YAML: CloudWorkstation reports those itself.
      }
    }
  }
  return out;
}

/** The local template whose slug is the text, or whose name is the text ignoring case. */
export function matchLocal(text: string, templates: readonly LocalTemplate[]): LocalTemplate | undefined {
  const lower = text.toLowerCase();
  return templates.find((t) => t.slug === text) ?? templates.find((t) => t.name?.toLowerCase() === lower);
}

/**
 * The marketplace entry for a reference: by exact id; without the prefix also by exact name
 * (ignoring case). Anything else is "not found", with the closest ids as suggestions.
 */
export function resolveEntry(market: Marketplace, ref: TemplateRef): Entry {
  if (ref.marketplace) return market.require(ref.id);
  const byId = market.find(ref.id);
  if (byId) return byId;
  const lower = ref.id.toLowerCase();
  const byName = market.entries.filter((e) => e.summary.name.toLowerCase() === lower);
  if (byName.length > 1) {
    throw cliError(
      "AMBIGUOUS",
      `${byName.length} marketplace templates are named "${ref.id}"`,
      `name one by id: ${byName.map((e) => `marketplace:${e.summary.template_id}`).join(" or ")}`,
      CLI_EXIT.usage,
    );
  }
  const [only] = byName;
  return only ?? market.require(ref.id);
}
