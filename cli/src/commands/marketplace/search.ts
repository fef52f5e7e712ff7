import { CwsError, EXIT } from "../../../../core/errors.js";
import { CATALOG_FACET, countFacets } from "../../../../core/spec/facets.js";
import { rankResults } from "../../../../core/spec/ranking.js";
import { entrySatisfies, type HasSpec, parseHasSpec } from "../../../../core/spec/software.js";
import { catalogEntries } from "../../../../core/spec/software-filter.js";
import type { TemplateSummary } from "../../../../core/types/generated.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT } from "../../lib/errors.js";
import { filtersOf, openMarketplace, withCommon, withFilters } from "../../lib/options.js";
import { dim, table } from "../../lib/output.js";
import { filtersNeedRows, matches } from "../../lib/query.js";
import { summaryJson, summaryTable } from "../../lib/render-summary.js";

export const command: CommandSpec = {
  command: "search <query..>",
  builder: (y) =>
    withFilters(withCommon(y))
      .positional("query", { type: "string", array: true, describe: "words to search for" })
      .option("has", {
        type: "string",
        array: true,
        describe: 'only templates with this software installed, e.g. "samtools>=1.20" (operators >= > = < <=; repeatable, all must match; quote it)',
      })
      .option("facets", { type: "boolean", default: false, describe: "also show counts per category, tag, architecture, region, license and status" }),
  handler: async (argv) => {
    // Bad specs are refused before anything is fetched.
    const has = ((argv.has as string[] | undefined) ?? []).map((text) => {
      const parsed = parseHasSpec(text);
      if (!parsed.ok) throw new CwsError("CWS-CLI-HAS", parsed.message, parsed.hint, EXIT.usage);
      return parsed.spec;
    });
    const { market, out } = await openMarketplace(argv as never);
    const query = (argv.query as string[]).join(" ");
    const filters = { ...filtersOf(argv), has };
    // Rows are parsed only for the results shown, unless a filter or the facets need them all.
    const needRows = filtersNeedRows(filters) || Boolean(argv.facets);
    const found = await market.search(query);
    const hits = rankResults(found.filter((h) => (needRows ? matches(h.summary, filters) : filters.includeArchived || !h.rank.archived)));
    const shown = hits.slice(0, argv.limit as number);
    // Named as catalog.json's facets are (status is maintenance_status), as this output always was.
    const facets = argv.facets
      ? Object.entries(countFacets(hits.map((h) => h.summary))).map(([facet, counts]) => [CATALOG_FACET[facet as keyof typeof CATALOG_FACET], counts] as const)
      : undefined;
    if (out.json) {
      out.data({
        query,
        total: hits.length,
        relaxed: hits.some((h) => !h.complete),
        results: shown.map((h) => ({
          ...summaryJson(h.summary, h.registry),
          score: Number(h.score.toFixed(4)),
          words_matched: h.words,
          // Which packages satisfied --has, and whether they are installed (sbom) or only declared.
          ...(has.length > 0 ? { software: softwareMatches(h.summary, has) } : {}),
        })),
        ...(facets ? { facets: Object.fromEntries(facets.map(([k, v]) => [k, Object.fromEntries(v)])) } : {}),
      });
      return hits.length === 0 ? CLI_EXIT.failed : CLI_EXIT.ok;
    }
    // No match exits 1, as brew search and conda search do, so scripts can test for it.
    if (shown.length === 0) {
      out.line(`No templates match "${query}". Try fewer words, or \`cws marketplace list\`.`);
      return CLI_EXIT.failed;
    }
    out.line(
      summaryTable(
        out,
        shown.map((h) => h.summary),
      ),
    );
    if (has.length > 0) {
      const declared = shown.filter((h) => h.summary.software?.source === "declared").map((h) => h.summary.template_id);
      // Declared versions are what the template asks for, not what an image holds: say so.
      if (declared.length > 0) out.line(dim(out, `software of ${declared.join(", ")}: declared packages (no image built yet), not an installed SBOM`));
    }
    if (hits.length > shown.length) out.line(dim(out, `… ${hits.length - shown.length} more; use --limit to see them`));
    const every = hits.filter((h) => h.complete).length;
    if (every < hits.length)
      out.line(
        dim(out, `${every === 0 ? "No template" : `Only ${every} ${every === 1 ? "template" : "templates"}`} matched every word; the rest match some of them.`),
      );
    if (facets) {
      for (const [name, counts] of facets) {
        out.line(`\n${dim(out, name.replace("_", " "))}`);
        out.line(table(counts.slice(0, 12).map(([value, n]) => [`  ${value}`, String(n)])));
      }
    }
    return 0;
  },
};

function softwareMatches(summary: TemplateSummary, has: readonly HasSpec[]) {
  const software = summary.software;
  if (!software) return undefined;
  const entries = catalogEntries(software);
  return { source: software.source, matched: entries.filter((e) => has.some((spec) => entrySatisfies(e, software.source, spec))) };
}
