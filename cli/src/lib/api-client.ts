import { existsSync, readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { apiUrl } from "../../../core/spec/layout.js";
import type { ApiError } from "../../../core/types/generated.js";
import { authorize, isLoopback } from "./api-auth.js";
import { checkedUrl, configPath, configuredUser, LOCAL_URL } from "./config.js";
import { CLI_EXIT, cliError } from "./errors.js";

// The live marketplace API as the CLI calls it: where it is, how a caller is identified, and how
// its error answers become CLI errors. Commands (review, reviews, report) and info's live ratings share it.

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
