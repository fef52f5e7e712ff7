import type { CommandSpec } from "../../lib/command.js";
import { openMarketplace, withCommon } from "../../lib/options.js";
import { dim, table, truncate } from "../../lib/output.js";

export const command: CommandSpec = {
  command: "categories",
  builder: (y) => withCommon(y),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const categories = await market.categories();
    if (out.json) out.data(categories);
    else
      out.line(
        table(
          categories.map((c) => [c.id, String(c.count), truncate(c.description, 70)]),
          ["ID", "TEMPLATES", "DESCRIPTION"].map((h) => dim(out, h)),
        ),
      );
    return 0;
  },
};
