import { CITATION_FORMATS, type CitationFormat, citationOf, formatCitation } from "../../../../core/versions/cite.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT } from "../../lib/errors.js";
import { openMarketplace, withCommon } from "../../lib/options.js";
import { listedVersion, splitRef } from "../../lib/versions.js";

export const command: CommandSpec = {
  command: "cite <id>",
  builder: (y) =>
    withCommon(y)
      .positional("id", { type: "string", describe: "template id, or <id>@<version> (default: the latest version)" })
      .option("format", { type: "string", choices: [...CITATION_FORMATS], default: "bibtex", describe: "citation format" })
      .example("$0 marketplace cite genomics-pipeline-v3@3.3.0 --format cff > CITATION.cff", "a CFF file for a paper's repository"),
  handler: async (argv) => {
    const { market, out } = await openMarketplace(argv as never);
    const ref = splitRef(String(argv.id));
    const entry = market.require(ref.id);
    // Any published version can be cited, even one past its support window: papers outlive it.
    const { version } = await listedVersion(market, entry, ref.version);
    const record = await market.versionRecord(entry, version);
    const citation = citationOf(record, entry.source.registry.url);
    const format = String(argv.format) as CitationFormat;
    const text = formatCitation(citation, format);
    if (out.json) out.data({ ...citation, format, text });
    else out.line(text.trimEnd());
    return CLI_EXIT.ok;
  },
};
