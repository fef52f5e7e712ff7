import type { ReviewList } from "../../../../core/types/generated.js";
import { apiRequest, withApi } from "../../lib/api-client.js";
import type { CommandSpec } from "../../lib/command.js";
import { CLI_EXIT } from "../../lib/errors.js";
import { bold, createOutput, dim } from "../../lib/output.js";
import { printReview } from "./review.js";

const SORTS = ["newest", "oldest", "helpful", "rating_high", "rating_low"] as const;

export const command: CommandSpec = {
  command: "reviews <id>",
  builder: (y) =>
    withApi(y)
      .positional("id", { type: "string", describe: "template id" })
      .option("sort", { choices: SORTS as unknown as string[], default: "newest", describe: "order" })
      .option("verified", {
        type: "boolean",
        default: false,
        describe: "only reviews with verified usage: a successful launch recorded at least an hour before the review",
      })
      .option("limit", { type: "number", default: 10, describe: "show at most this many (1-100)" }),
  handler: async (argv) => {
    const out = createOutput({ json: argv.json === true, noColor: argv.color === false });
    const id = String(argv.id);
    const limit = Math.min(100, Math.max(1, Math.trunc(Number(argv.limit) || 10)));
    // Query parameters send the request to the live API rather than the CDN's static page.
    const query = new URLSearchParams({ sort: String(argv.sort), limit: String(limit), ...(argv.verified ? { verified: "true" } : {}) });
    const list = await apiRequest<ReviewList>({
      method: "GET",
      path: `/templates/${encodeURIComponent(id)}/reviews?${query}`,
      as: argv.as as string | undefined,
      apiUrl: argv.apiUrl as string | undefined,
    });
    if (out.json) {
      out.data(list);
      return CLI_EXIT.ok;
    }
    if (list.total === 0) {
      out.line(`${id} has no reviews yet. Write the first: cws marketplace review ${id} --rating 5 --title "…" --comment "…"`);
      return CLI_EXIT.ok;
    }
    out.line(
      `${bold(out, id)}  ${list.rating.toFixed(1)}★ from ${list.total} review${list.total === 1 ? "" : "s"} (${list.verified_total} verified)  ${dim(out, `ranking score ${list.rating_bayesian.toFixed(2)}`)}`,
    );
    const max = Math.max(1, ...Object.values(list.rating_histogram));
    for (const star of ["5", "4", "3", "2", "1"] as const) {
      const n = list.rating_histogram[star];
      out.line(`  ${star}★ ${"█".repeat(Math.round((n / max) * 20)).padEnd(20)} ${n}`);
    }
    for (const r of list.reviews) {
      out.line();
      printReview(out, r);
    }
    if (list.next_cursor) out.line(dim(out, `\n… more: --limit ${Math.min(100, limit * 2)}`));
    return CLI_EXIT.ok;
  },
};
