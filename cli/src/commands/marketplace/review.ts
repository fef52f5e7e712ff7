import { existsSync, readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { apiUrl } from "../../../../core/spec/layout.js";
import type { ApiError, CommunityReview, ReviewInput, ReviewUpdate } from "../../../../core/types/generated.js";
import { authorize, isLoopback } from "../../lib/api-auth.js";
import type { CommandSpec } from "../../lib/command.js";
import { checkedUrl, configPath, configuredUser, LOCAL_URL } from "../../lib/config.js";
import { CLI_EXIT, cliError } from "../../lib/errors.js";
import { createOutput, dim, type Output } from "../../lib/output.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Options of the commands that talk to the live marketplace API. */
export function withApi<T>(y: Argv<T>) {
  return y
    .option("api-url", {
      type: "string",
      describe: "marketplace API base URL (default: CWS_MARKETPLACE_API, api_url in the config file, the registry URL, or the local npm start URL)",
    })
    .option("as", {
      type: "string",
      describe:
        'your handle on a local marketplace (npm start), sent as X-CWS-User (default: CWS_USER or "user" in the config file); a deployed API takes your AWS identity from signed requests instead',
    })
    .option("json", { type: "boolean", default: false, describe: "print the API's JSON answer" });
}

/** Where the API is: --api-url, CWS_MARKETPLACE_API, the config file's api_url, the registry URL, else the local marketplace. */
export function apiBase(flag: string | undefined, env: Env = process.env): string {
  let file: { api_url?: string; registries?: { url?: string }[] } | undefined;
  const path = configPath(env);
  if (existsSync(path)) {
    try {
      file = JSON.parse(readFileSync(path, "utf8")) as typeof file;
    } catch (error) {
      throw cliError("CONFIG", `${path} is not valid JSON: ${(error as Error).message}`, "fix or delete the file", CLI_EXIT.usage);
    }
  }
  const url =
    checkedUrl(flag, "--api-url") ??
    checkedUrl(env.CWS_MARKETPLACE_API ?? file?.api_url, "the API URL") ??
    checkedUrl(env.CWS_MARKETPLACE_URL ?? file?.registries?.[0]?.url, "the marketplace URL") ??
    LOCAL_URL;
  return url.replace(/\/+$/, "");
}

export interface ApiCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  as?: string | undefined;
  apiUrl?: string | undefined;
  /** Prove who the caller is (default: for writes). Reads are anonymous, except for X-CWS-User to a local API. */
  identify?: boolean;
  /** How long to wait for the answer (default 15 s). */
  timeoutMs?: number;
  env?: Env;
}

/** One request to the live API; its error answers become CLI errors with the API's code and hint. */
export async function apiRequest<T>(call: ApiCall): Promise<T> {
  const env = call.env ?? process.env;
  const base = apiBase(call.apiUrl, env);
  const user = call.as ?? configuredUser(env);
  const url = apiUrl(base, call.path);
  const body = call.body !== undefined ? JSON.stringify(call.body) : undefined;
  const plain: Record<string, string> = { accept: "application/json", "user-agent": "cws/0.1.0" };
  if (body !== undefined) plain["content-type"] = "application/json";
  const identify = call.identify ?? call.method !== "GET";
  const headers = identify
    ? await authorize({ method: call.method, url, headers: plain, body }, { user, env })
    : { ...plain, ...(user && isLoopback(url) ? { "x-cws-user": user } : {}) };
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(call.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw cliError(
      "API_UNREACHABLE",
      `cannot reach the marketplace API at ${base}: ${(error as Error).message}`,
      "is npm start running? or pass --api-url",
      CLI_EXIT.failed,
    );
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    throw cliError(
      "API_BAD_ANSWER",
      `the marketplace API at ${base} answered ${response.status} with something that is not JSON`,
      "check --api-url",
      CLI_EXIT.failed,
    );
  }
  if (response.ok) return data as T;
  const error = (data ?? {}) as Partial<ApiError>;
  const fields = (error.errors ?? []).map((e) => `\n  ${e.in} ${e.pointer || "(whole)"}: ${e.message}`).join("");
  const message = fields ? `the request is invalid:${fields}` : (error.message ?? `the API answered ${response.status}`);
  let hint = fields ? "" : (error.hint ?? "");
  if (response.status === 401 && !user)
    hint = isLoopback(url)
      ? 'set your handle once: "user" in ~/.config/cws/marketplace.json, or CWS_USER (or pass --as)'
      : "configure AWS credentials (aws configure, aws sso login or AWS_PROFILE); the API takes your identity from signed requests";
  const exit =
    response.status === 404
      ? CLI_EXIT.notFound
      : response.status === 400 || response.status === 401 || response.status === 403
        ? CLI_EXIT.usage
        : CLI_EXIT.failed;
  throw cliError(error.error ?? `HTTP_${response.status}`, message, hint, exit);
}

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
