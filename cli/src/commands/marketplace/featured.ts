import type { CommandSpec } from "../../lib/command.js";
import { openMarketplace, withCommon } from "../../lib/options.js";
import { dim, table, truncate } from "../../lib/output.js";

export const command: CommandSpec = {
  command: "featured",
  builder: (y) => withCommon(y),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const featured = await market.featured();
    if (out.json) out.data(featured);
    else if (featured.length === 0) out.line("Nothing is featured right now.");
    else
      out.line(
        table(
          featured.map((f) => [f.template_id, truncate(f.reason ?? f.summary.description, 90)]),
          ["ID", "WHY"].map((h) => dim(out, h)),
        ),
      );
    return 0;
  },
};
