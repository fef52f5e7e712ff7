import { type DiffSide, diffLines, diffSide, diffVersions } from "../../../../core/versions/diff.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import type { Entry, Marketplace } from "../../lib/marketplace.js";
import { openMarketplace, withCommon } from "../../lib/options.js";
import { splitRef } from "../../lib/versions.js";

export const command: CommandSpec = {
  command: "diff <id> [v1] [v2]",
  builder: (y) =>
    withCommon(y)
      .positional("id", { type: "string", describe: "template id (or <id>@<version> when comparing with another template)" })
      .positional("v1", { type: "string", describe: "older version (default: the one before v2), or another template <other>[@<version>] to compare with" })
      .positional("v2", { type: "string", describe: "newer version (default: the latest)" })
      .option("parent", { type: "boolean", default: false, describe: "compare the fork's latest version with its parent's latest" })
      .example("$0 marketplace diff genomics-pipeline-v3 3.2.1 3.2.2", "packages, base image, instance defaults, ports, services and scripts")
      .example("$0 marketplace diff my-fork --parent", "what the fork changed against its parent's latest version")
      .example("$0 marketplace diff my-fork genomics-pipeline-v3@3.1.0", "what the fork changed against the parent version it was forked from"),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const ref = splitRef(String(argv.id));
    const entry = market.require(ref.id);
    const other = argv.v1 === undefined ? undefined : splitRef(String(argv.v1));
    let from: DiffSide;
    let to: DiffSide;
    if (argv.parent) {
      to = await side(market, entry, ref.version);
      const parentId = to.template.forked_from?.template_id;
      if (!parentId) throw cliError("NOT_A_FORK", `${ref.id} is not a fork`, "drop --parent, or name two versions", CLI_EXIT.usage);
      from = await side(market, market.require(parentId), undefined);
    } else if (other && market.find(other.id) && argv.v2 === undefined) {
      // Two templates (a fork and its parent, or any two): <other> is the base, <id> what changed.
      from = await side(market, market.require(other.id), other.version);
      to = await side(market, entry, ref.version);
    } else {
      if (ref.version !== undefined) {
        throw cliError(
          "USAGE",
          `${ref.id}@${ref.version} names a version twice`,
          `write ${ref.id} <v1> <v2>, or ${ref.id}@<version> <other-template>`,
          CLI_EXIT.usage,
        );
      }
      const index = await market.versions(entry);
      const v2 = argv.v2 === undefined ? index.latest : String(argv.v2);
      const older = index.versions.findIndex((v) => v.version === v2) + 1;
      const v1 = argv.v1 === undefined ? index.versions[older]?.version : String(argv.v1);
      if (v1 === undefined) throw cliError("VERSION_NOT_FOUND", `${ref.id}@${v2} has no earlier version`, "name two versions", CLI_EXIT.notFound);
      from = await side(market, entry, v1);
      to = await side(market, entry, v2);
    }
    const diff = diffVersions(from, to);
    if (out.json) out.data(diff);
    else for (const line of diffLines(diff)) out.line(line);
    return CLI_EXIT.ok;
  },
};

/**
 * A version's record (the latest when version is undefined), verified like every target. Its
 * software counts only when captured from images: declared software is the declared packages,
 * which the diff reads from the template itself.
 */
async function side(market: Marketplace, entry: Entry, version: string | undefined): Promise<DiffSide> {
  const id = entry.summary.template_id;
  const index = await market.versions(entry);
  const v = version ?? index.latest;
  if (!index.versions.some((e) => e.version === v)) {
    throw cliError(
      "VERSION_NOT_FOUND",
      `${id} has no published version ${v}`,
      `published: ${index.versions.map((e) => e.version).join(", ")}`,
      CLI_EXIT.notFound,
    );
  }
  const record = await market.versionRecord(entry, v);
  if (record.template_id !== id || record.version !== v) {
    throw cliError(
      "INDEX_MISMATCH",
      `the record for ${id}@${v} names ${record.template_id}@${record.version}`,
      "report it to the marketplace operators",
      CLI_EXIT.refused,
    );
  }
  return diffSide(record);
}
