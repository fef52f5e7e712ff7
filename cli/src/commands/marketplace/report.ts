import type { Report, ReportInput } from "../../../../core/types/generated.js";
import { apiRequest, withApi } from "../../lib/api-client.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT } from "../../lib/errors.js";
import { createOutput } from "../../lib/output.js";

const REASONS = ["spam", "abuse", "off-topic", "misleading", "security", "broken", "license", "other"] as const;

export const command: CommandSpec = {
  command: "report <id>",
  builder: (y) =>
    withApi(y)
      .positional("id", { type: "string", describe: "template id" })
      .option("reason", { choices: REASONS as unknown as string[], demandOption: true, describe: "why" })
      .option("details", { type: "string", describe: "what a moderator should know (required with --reason other)" })
      .option("review", { type: "string", describe: "report this reviewer's review of the template instead" }),
  handler: async (argv) => {
    const out = createOutput({ json: argv.json === true, noColor: argv.color === false });
    const id = String(argv.id);
    const input: ReportInput = {
      reason: argv.reason as ReportInput["reason"],
      ...(argv.details !== undefined ? { details: String(argv.details) } : {}),
      ...(argv.review !== undefined ? { reviewer: String(argv.review) } : {}),
    };
    const report = await apiRequest<Report>({
      method: "POST",
      path: `/templates/${encodeURIComponent(id)}/reports`,
      body: input,
      as: argv.as as string | undefined,
      apiUrl: argv.apiUrl as string | undefined,
    });
    if (out.json) out.data(report);
    else
      out.line(
        `reported ${report.target === "review" ? `${report.reviewer}'s review of ${id}` : id} (${report.reason}); report ${report.report_id} is in the moderation queue`,
      );
    return CLI_EXIT.ok;
  },
};
