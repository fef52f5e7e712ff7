import type { CommandSpec } from "../../lib/command.js";
import { openMarketplace, withCommon } from "../../lib/options.js";
import { dim, table, truncate } from "../../lib/output.js";

export const command: CommandSpec = {
  command: "trending",
  builder: (y) => withCommon(y).option("window", { choices: ["7d", "30d"], default: "7d", describe: "time window" }),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const window = argv.window as "7d" | "30d";
    const ranked = await market.trending(window);
    if (out.json) out.data({ window, templates: ranked });
    else if (ranked.length === 0) out.line(`No launches or downloads recorded in the last ${window.replace("d", " days")}.`);
    else
      out.line(
        table(
          ranked.map((r, i) => [`${i + 1}.`, r.template_id, truncate(market.find(r.template_id)?.summary.name ?? "", 50), String(r.score)]),
          ["#", "ID", "NAME", "USES"].map((h) => dim(out, h)),
        ),
      );
    return 0;
  },
};
