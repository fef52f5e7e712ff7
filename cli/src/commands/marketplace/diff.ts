import { type DiffSide, diffLines, diffSide, diffVersions } from "../../../../core/versions/diff.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import type { Entry, Marketplace } from "../../lib/marketplace.js";
import { openMarketplace, withCommon } from "../../lib/options.js";

export const command: CommandSpec = {
  command: "diff <id> [v1] [v2]",
  builder: (y) =>
    withCommon(y)
      .positional("id", { type: "string", describe: "template id" })
      .positional("v1", { type: "string", describe: "older version (default: the one before v2)" })
      .positional("v2", { type: "string", describe: "newer version (default: the latest)" })
      .option("parent", { type: "boolean", default: false, describe: "compare the fork's latest version with its parent's latest" })
      .example("$0 marketplace diff genomics-pipeline-v3 3.2.2 3.3.0", "packages, base image, instance defaults, ports and services")
      .example("$0 marketplace diff my-fork --parent", "what the fork changed against its parent's latest version"),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const entry = market.require(String(argv.id));
    let from: DiffSide;
    let to: DiffSide;
    if (argv.parent) {
      to = await side(market, entry, undefined);
      const latest = await market.record(entry);
      const parentId = latest.forked_from?.template_id;
      if (!parentId) throw cliError("NOT_A_FORK", `${entry.summary.template_id} is not a fork`, "drop --parent, or name two versions", CLI_EXIT.usage);
      from = await side(market, market.require(parentId), undefined);
    } else {
      const index = await market.versions(entry);
      const v2 = argv.v2 === undefined ? index.latest : String(argv.v2);
      const older = index.versions.findIndex((v) => v.version === v2) + 1;
      const v1 = argv.v1 === undefined ? index.versions[older]?.version : String(argv.v1);
      if (v1 === undefined)
        throw cliError("VERSION_NOT_FOUND", `${entry.summary.template_id}@${v2} has no earlier version`, "name two versions", CLI_EXIT.notFound);
      for (const v of [v1, v2]) {
        if (!index.versions.some((e) => e.version === v)) {
          throw cliError(
            "VERSION_NOT_FOUND",
            `${entry.summary.template_id} has no published version ${v}`,
            `published: ${index.versions.map((e) => e.version).join(", ")}`,
            CLI_EXIT.notFound,
          );
        }
      }
      from = await side(market, entry, v1);
      to = await side(market, entry, v2);
    }
    const diff = diffVersions(from, to);
    if (out.json) out.data(diff);
    else for (const line of diffLines(diff)) out.line(line);
    return CLI_EXIT.ok;
  },
};

/** A version's record (the latest when version is undefined), verified like every target. */
async function side(market: Marketplace, entry: Entry, version: string | undefined): Promise<DiffSide> {
  const v = version ?? (await market.versions(entry)).latest;
  return diffSide(await market.versionRecord(entry, v));
}
