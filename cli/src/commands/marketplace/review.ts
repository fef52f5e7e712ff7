import type { CommunityReview, ReviewInput, ReviewUpdate } from "../../../../core/types/generated.js";
import { apiRequest, withApi } from "../../lib/api-client.js";
import type { CommandSpec } from "../../lib/command.js";
import { configuredUser } from "../../lib/config.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import { createOutput, dim, type Output } from "../../lib/output.js";

export function starsOf(rating: number): string {
  return "★".repeat(rating) + "☆".repeat(5 - rating);
}

/** One review, as `reviews` and `review` print it. */
export function printReview(out: Output, r: CommunityReview): void {
  const facts = [
    `by ${r.reviewer}`,
    ...(r.verified_usage ? ["verified launch"] : []),
    r.created_at.slice(0, 10),
    ...(r.updated_at ? [`edited ${r.updated_at.slice(0, 10)}`] : []),
    ...(r.helpful_votes ? [`${r.helpful_votes} found it helpful`] : []),
    ...(r.use_case ? [r.use_case] : []),
  ];
  out.line(`${starsOf(r.rating)}  ${r.title}`);
  out.line(`  ${dim(out, facts.join(", "))}`);
  for (const line of r.content.split("\n")) out.line(`  ${line}`);
  if (r.reply) out.line(`  ↳ ${r.reply.author} (publisher): ${r.reply.content.split("\n").join("\n    ")}`);
}

export const command: CommandSpec = {
  command: "review <id>",
  builder: (y) =>
    withApi(y)
      .positional("id", { type: "string", describe: "template id" })
      .option("rating", { type: "number", describe: "stars, 1 to 5" })
      .option("title", { type: "string", describe: "one-line summary" })
      .option("comment", { type: "string", describe: "the review text" })
      .option("use-case", { type: "string", describe: "what you used it for, in kebab-case (e.g. whole-genome-sequencing)" })
      .option("template-version", { type: "string", describe: "the version you used" })
      .option("edit", { type: "boolean", default: false, describe: "change your existing review instead of writing a new one" }),
  handler: async (argv) => {
    const out = createOutput({ json: argv.json === true, noColor: argv.color === false });
    const id = String(argv.id);
    const fields = {
      ...(argv.rating !== undefined ? { rating: Number(argv.rating) } : {}),
      ...(argv.title !== undefined ? { title: String(argv.title) } : {}),
      ...(argv.comment !== undefined ? { content: String(argv.comment) } : {}),
      ...(argv.useCase !== undefined ? { use_case: String(argv.useCase) } : {}),
      ...(argv.templateVersion !== undefined ? { template_version: String(argv.templateVersion) } : {}),
    };
    const common = { as: argv.as as string | undefined, apiUrl: argv.apiUrl as string | undefined };
    let review: CommunityReview;
    if (argv.edit) {
      const handle = common.as ?? configuredUser();
      if (!handle)
        throw cliError("USAGE", "--edit needs to know your handle", 'set "user" in ~/.config/cws/marketplace.json or CWS_USER, or pass --as', CLI_EXIT.usage);
      if (Object.keys(fields).length === 0) throw cliError("USAGE", "nothing to change", "pass --rating, --title, --comment or --use-case", CLI_EXIT.usage);
      const path = `/templates/${encodeURIComponent(id)}/reviews/${encodeURIComponent(handle)}`;
      const current = await apiRequest<CommunityReview>({ method: "GET", path, ...common });
      const update: ReviewUpdate = { version: current.version, ...fields };
      review = await apiRequest<CommunityReview>({ method: "PUT", path, body: update, ...common });
    } else {
      const missing = (["rating", "title", "content"] as const).filter((f) => !(f in fields));
      if (missing.length > 0)
        throw cliError(
          "USAGE",
          `a review needs ${missing.map((f) => (f === "content" ? "--comment" : `--${f}`)).join(", ")}`,
          "see cws marketplace review --help",
          CLI_EXIT.usage,
        );
      try {
        review = await apiRequest<CommunityReview>({
          method: "POST",
          path: `/templates/${encodeURIComponent(id)}/reviews`,
          body: fields as ReviewInput,
          ...common,
        });
      } catch (error) {
        if ((error as { code?: string }).code !== "REVIEW_EXISTS") throw error;
        throw cliError(
          "REVIEW_EXISTS",
          (error as Error).message,
          `change it instead: cws marketplace review ${id} --edit --rating … --comment …`,
          CLI_EXIT.failed,
        );
      }
    }
    if (out.json) {
      out.data(review);
      return CLI_EXIT.ok;
    }
    out.line(`${argv.edit ? "updated" : "posted"} your review of ${id} (version ${review.version}${review.verified_usage ? ", verified launch" : ""}):`);
    printReview(out, review);
    if (!review.verified_usage) out.line(dim(out, "not marked verified: no launch of this template by you is recorded yet"));
    return CLI_EXIT.ok;
  },
};
