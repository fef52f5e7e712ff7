import { type Order, sortSummaries } from "../../../../core/spec/ranking.js";
import type { CommandSpec } from "../../lib/command.js";
import { filtersOf, openMarketplace, withCommon, withFilters, withSort } from "../../lib/options.js";
import { dim } from "../../lib/output.js";
import { matches } from "../../lib/query.js";
import { summaryJson, summaryTable } from "../../lib/render-summary.js";

export const command: CommandSpec = {
  command: "list",
  builder: (y) => withSort(withFilters(withCommon(y)), "name"),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const filters = filtersOf(argv);
    const all = sortSummaries(
      market.entries.filter((e) => matches(e.summary, filters)),
      argv.sort as Order,
    );
    const rows = all.slice(0, argv.limit as number);
    if (out.json) out.data(rows.map((e) => summaryJson(e.summary, e.registry)));
    else if (rows.length === 0) out.line("No templates match these filters.");
    else {
      out.line(
        summaryTable(
          out,
          rows.map((e) => e.summary),
        ),
      );
      // Never drop templates silently: say how many the limit left out.
      if (all.length > rows.length) out.line(dim(out, `${rows.length} of ${all.length} — use --limit ${all.length} to see all`));
    }
    return 0;
  },
};
