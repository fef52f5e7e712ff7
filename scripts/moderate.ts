// npm run moderate: the moderation queue (core/community/moderation.ts).
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { closeReport, hideReview, listQueue, restoreReview } from "../core/community/moderation.js";
import { DYNAMO_OPTIONS, DYNAMO_USAGE, dynamoTarget } from "../core/community/script-options.js";
import { CwsError, EXIT } from "../core/errors.js";
import { runScript } from "./lib/run-script.js";

const USAGE = `Usage: npm run moderate -- <command> [arguments] [options]

Commands:
  list                                 reports grouped by target, most reported first
  hide <template_id> <reviewer>        hide a review (from the API, the build and the rating) and
                                       resolve the open reports on it
  restore <template_id> <reviewer>     make a hidden review visible again
  resolve <report_id>                  close a report after acting on it elsewhere (e.g. a
                                       template fixed or deprecated in the registry)
  dismiss <report_id>                  close a report without action

Options:
${DYNAMO_USAGE}
  --status <s>                         list: open (default), resolved, dismissed or all
  --note <text>                        the moderator's note, kept with the review or report
  --as <handle>                        who is moderating (default: CWS_USER, else the OS user)
  --json                               list: print JSON
  -h, --help                           show this help

Hidden reviews drop out of the rating at the next npm run sync-stats, and out of the CDN at the
next npm run build.`;

const STATUSES = ["open", "resolved", "dismissed", "all"] as const;

await runScript(USAGE, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DYNAMO_OPTIONS,
      status: { type: "string", default: "open" },
      note: { type: "string" },
      as: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const [command, ...args] = positionals;
  const need = (n: number, shape: string) => {
    if (args.length !== n) throw new CwsError("USAGE", `${command} takes ${shape}`, "run npm run moderate -- --help", EXIT.usage);
  };
  const status = values.status as (typeof STATUSES)[number];
  if (!STATUSES.includes(status)) throw new CwsError("USAGE", `--status must be one of ${STATUSES.join(", ")}`, "", EXIT.usage);
  if (!["list", "hide", "restore", "resolve", "dismiss"].includes(command ?? ""))
    throw new CwsError("USAGE", `unknown command ${command}`, "commands: list, hide, restore, resolve, dismiss", EXIT.usage);

  const target = dynamoTarget(values);
  const ctx = {
    client: target.client,
    ...(target.tablePrefix ? { tablePrefix: target.tablePrefix } : {}),
    moderator: values.as ?? process.env.CWS_USER ?? userInfo().username,
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    switch (command) {
      case "list": {
        const queue = await listQueue(ctx, status);
        if (values.json) {
          say(JSON.stringify(queue, null, 2));
          break;
        }
        if (queue.length === 0) say(`no ${status === "all" ? "" : `${status} `}reports`);
        for (const entry of queue) {
          const state = entry.reviewer ? (entry.review ? ` [${entry.review.status}]` : " [review deleted]") : "";
          say(`${entry.target}${state}: ${entry.reports.length} report${entry.reports.length === 1 ? "" : "s"}`);
          if (entry.review) say(`  ${entry.review.rating}★ "${entry.review.title}": ${entry.review.content.split("\n")[0]?.slice(0, 100) ?? ""}`);
          for (const r of entry.reports)
            say(
              `  ${r.report_id}  ${r.status.padEnd(9)} ${r.reason.padEnd(10)} by ${r.reporter} at ${r.created_at}${r.details ? `: ${r.details.slice(0, 80)}` : ""}`,
            );
          if (entry.reviewer && entry.review?.status !== "hidden")
            say(`  hide it:  npm run moderate -- hide ${entry.template_id} ${entry.reviewer} --note "<why>"`);
        }
        break;
      }
      case "hide":
      case "restore": {
        need(2, "<template_id> <reviewer>");
        const [templateId = "", reviewer = ""] = args;
        const action = command === "hide" ? hideReview : restoreReview;
        const { resolved } = await action(ctx, templateId, reviewer, values.note);
        say(
          `${command === "hide" ? "hid" : "restored"} the review of ${templateId} by ${reviewer}${resolved ? `; resolved ${resolved} open report${resolved === 1 ? "" : "s"}` : ""}`,
        );
        say("the rating follows at the next npm run sync-stats, the CDN at the next npm run build");
        break;
      }
      default: {
        need(1, "<report_id>");
        await closeReport(ctx, args[0] ?? "", command === "resolve" ? "resolved" : "dismissed", values.note);
        say(`${command === "resolve" ? "resolved" : "dismissed"} ${args[0]}`);
      }
    }
    return EXIT.ok;
  } finally {
    target.client.destroy();
  }
});
