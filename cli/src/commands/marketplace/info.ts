import type { PublishedTemplate } from "../../../../core/types/generated.js";
import { compareSemver } from "../../../../core/util/semver.js";
import type { CommandSpec } from "../../lib/command.js";
import { liveApiFor, type Ratings, ratingsFor } from "../../lib/live-ratings.js";
import type { Marketplace } from "../../lib/marketplace.js";
import { openMarketplace, withCommon } from "../../lib/options.js";
import { bold, dim, type Output, stars, table, yellow } from "../../lib/output.js";
import { resolveVersion, splitRef } from "../../lib/versions.js";

export const command: CommandSpec = {
  command: "info <id>",
  builder: (y) => withCommon(y).positional("id", { type: "string", describe: "template id, or <id>@<version> for an earlier version" }),
  handler: async (argv) => {
    const { market, out, config } = await openMarketplace(argv as never);
    const ref = splitRef(String(argv.id));
    const entry = market.require(ref.id);
    const latest = await market.record(entry);
    const pinned = ref.version !== undefined && ref.version !== latest.version ? await resolveVersion(market, entry, ref.version, new Date()) : undefined;
    const record = pinned?.record ?? latest;
    // Ratings and reviews only: the live API is never asked for anything a launch uses.
    const ratings = await ratingsFor({ api: liveApiFor(config, entry), record: latest, build: await market.reviews(entry), builtAt: market.builtAt(entry) });
    const parent = await parentReleases(market, record);
    const at = pinned ? `@${record.version}` : "";
    const launch = `cws launch marketplace:${record.template_id}${at} my-${record.template_id}`;
    const support = pinned?.support.kind === "supported" ? { status: "supported", supported_until: pinned.support.until, latest: latest.version } : undefined;
    if (out.json) {
      out.data({
        ...record,
        rating: ratings.rating,
        reviews: ratings.reviews,
        rating_histogram: ratings.rating_histogram,
        ...(ratings.rating_bayesian !== undefined ? { rating_bayesian: ratings.rating_bayesian } : {}),
        registry: entry.registry,
        latest_reviews: ratings.latest.slice(0, 5),
        ratings_source: ratings.source,
        ratings_as_of: ratings.asOf,
        ratings_note: ratings.note,
        launch_command: launch,
        ...(support ? { support } : {}),
        ...(parent ? { parent_releases: parent } : {}),
      });
      return 0;
    }
    if (support)
      out.line(yellow(out, `v${record.version} is an earlier version (latest ${latest.version}), supported until ${support.supported_until.slice(0, 10)}`));
    render(out, record, ratings, launch);
    if (parent) {
      out.line(yellow(out, `\n${parent.parent} has released ${parent.versions.join(", ")} since this fork (of v${parent.forked_version})`));
      out.line(`  what changed there: ${parent.diff_command}`);
      out.line(`  this fork against it: cws marketplace diff ${record.template_id} --parent`);
    }
    return 0;
  },
};

function render(out: Output, t: PublishedTemplate, ratings: Ratings, launch: string): void {
  const pub = t.publication;
  out.line(`${bold(out, t.name)}  ${dim(out, `${t.template_id} v${t.version}`)}`);
  out.line(t.description);
  if (pub.maintenance_status !== "active") {
    const m = pub.maintenance;
    out.line(
      yellow(
        out,
        `${pub.maintenance_status.toUpperCase()}${m?.date ? ` since ${m.date}` : ""}: ${m?.reason ?? "no reason given"}${m?.replacement ? ` — use ${m.replacement}` : ""}`,
      ),
    );
  }
  out.line();
  const facts: [string, string][] = [
    ["author", t.author],
    ["owners", t.owners.join(", ")],
    ["category", t.category],
    ["tags", t.tags.join(", ")],
    ["license", pub.license === "Custom" && pub.license_url ? `Custom (${pub.license_url})` : pub.license],
    ...(pub.paper_doi ? [["paper", `https://doi.org/${pub.paper_doi}`] as [string, string]] : []),
    ...(pub.funding_source ? [["funding", pub.funding_source] as [string, string]] : []),
    ...(pub.documentation_url ? [["docs", pub.documentation_url] as [string, string]] : []),
    ["status", pub.maintenance_status],
    ["updated", t.last_updated.slice(0, 10)],
    ["arch", t.architecture.join(", ")],
    ["regions", t.regions.join(", ")],
    [
      "instance",
      Object.entries(t.environment.instance_defaults.instance_types ?? {})
        .map(([a, type]) => `${type} (${a})`)
        .join(", ") ||
        (t.environment.instance_defaults.type ?? ""),
    ],
    ["base", `${t.environment.base}, ${t.environment.package_manager}`],
  ];
  out.line(table(facts.map(([k, v]) => [dim(out, k), v])));

  out.line(`\n${bold(out, "AMIs")}`);
  const regions = Object.keys(t.amis);
  if (regions.length === 0) out.line("  none yet: launches build from the base image (slower first boot)");
  else
    out.line(
      table(
        regions.map((r) => [`  ${r}`, ...t.architecture.map((a) => t.amis[r]?.[a]?.image_id ?? "—")]),
        ["  REGION", ...t.architecture.map((a) => a.toUpperCase())],
      ),
    );

  out.line(
    `\n${bold(out, "Rating")}  ${stars(ratings.rating, ratings.reviews)}  ${dim(out, `${t.downloads} downloads, ${t.launches} launches${t.launches ? `, ${Math.round(t.success_rate * 100)}% succeeded` : ""}`)}`,
  );
  // Says where the rating and reviews come from: the live API, or the signed build (and why).
  out.line(`  ${ratings.source === "live" ? ratings.note : yellow(out, ratings.note)}`);
  const max = Math.max(1, ...Object.values(ratings.rating_histogram));
  for (const star of ["5", "4", "3", "2", "1"] as const) {
    const n = ratings.rating_histogram[star];
    out.line(`  ${star}★ ${"█".repeat(Math.round((n / max) * 20)).padEnd(20)} ${n}`);
  }
  for (const r of ratings.latest.slice(0, 3)) {
    out.line(
      `  ${bold(out, r.title)} ${dim(out, `${r.rating}★ by ${r.reviewer}${r.verified_usage ? ", verified launch" : ""}, ${r.created_at.slice(0, 10)}`)}`,
    );
    out.line(`    ${r.content.split("\n")[0] ?? ""}`);
  }

  const history = versionHistory(t);
  if (history.length) {
    out.line(`\n${bold(out, "History")}`);
    for (const h of history) out.line(`  ${h.version.padEnd(10)} ${h.date}  ${dim(out, h.notes)}`);
  }
  if (t.forked_from || t.forks.length) {
    out.line(`\n${bold(out, "Lineage")}`);
    if (t.forked_from) out.line(`  forked from ${t.forked_from.template_id} v${t.forked_from.version}`);
    if (t.forks.length) out.line(`  forks: ${t.forks.join(", ")}`);
  }
  out.line(`\n${bold(out, "Launch")}\n  ${launch}`);
}

/**
 * Every version, newest first: the changelog's entries with their own dates and notes, then any
 * version only the git history knows (dated by its commit). The changelog is what the publisher
 * wrote; git history of a registry imported in one commit would date every version the same.
 */
export function versionHistory(t: PublishedTemplate): { version: string; date: string; notes: string }[] {
  const out = (t.changelog ?? []).map((c) => ({
    version: c.version,
    date: c.date,
    notes: sentence(c.changes.map((x) => `${x.kind}: ${x.description}`)),
  }));
  const known = new Set(out.map((h) => h.version));
  for (const h of t.history) if (!known.has(h.version)) out.push({ version: h.version, date: h.date.slice(0, 10), notes: "" });
  return out.sort((a, b) => compareSemver(b.version, a.version));
}

/** Clauses joined with "; " into one sentence, whatever punctuation each ends with (no ".;" or ".."). */
export function sentence(clauses: string[]): string {
  const parts = clauses.map((c) => c.trim().replace(/[.;,\s]+$/, "")).filter(Boolean);
  return parts.length ? `${parts.join("; ")}.` : "";
}

/**
 * For a fork: the parent's versions published after the one forked, newest first (none:
 * undefined), and the diff command that shows what they changed: from the forked version when
 * the parent still publishes its record, else from the oldest version it does.
 */
export async function parentReleases(
  market: Marketplace,
  t: PublishedTemplate,
): Promise<{ parent: string; forked_version: string; versions: string[]; diff_command: string } | undefined> {
  const from = t.forked_from;
  const parent = from ? market.find(from.template_id) : undefined;
  if (!from || !parent) return undefined;
  const index = await market.versions(parent);
  const versions = index.versions.map((v) => v.version).filter((v) => compareSemver(v, from.version) > 0);
  const latest = versions[0];
  if (latest === undefined) return undefined;
  const base = index.versions.some((v) => v.version === from.version) ? from.version : index.versions.at(-1)?.version;
  const diff_command = base && base !== latest ? `cws marketplace diff ${from.template_id} ${base} ${latest}` : `cws marketplace info ${from.template_id}`;
  return { parent: from.template_id, forked_version: from.version, versions, diff_command };
}
