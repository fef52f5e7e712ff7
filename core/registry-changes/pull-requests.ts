import { CwsError, EXIT } from "../errors.js";
import type { LocalPullRequest } from "../types/generated.js";
import { openReview, type PullRequestInput, type Review } from "./github.js";
import type { PublishingSettings } from "./settings.js";

/**
 * Where a pushed branch becomes a pull request. Production opens it on GitHub (openReview); the
 * local registry `npm start` runs keeps its own list (apps/local/pull-requests.ts). submitChange
 * only sees this interface, so both paths run the same publishing code.
 */
export type ReviewOpener = (input: PullRequestInput & { author: string }) => Promise<Review>;

/** The local registry's pull-request list, as the API and the local CI see it. */
export interface PullRequestList {
  open(input: PullRequestInput & { author: string }): Promise<LocalPullRequest>;
  get(number: number): Promise<LocalPullRequest | undefined>;
  list(): Promise<LocalPullRequest[]>;
}

/** The opener a change's settings ask for: the local list's URL when configured, else GitHub. */
export function reviewOpenerFor(settings: PublishingSettings, fetchImpl: typeof fetch = fetch): ReviewOpener {
  const url = settings.pullRequestsUrl;
  if (url) return httpPullRequestOpener(url, fetchImpl);
  return (input) => openReview(settings, input);
}

/** Opens the pull request in a list the process holds (the API inside `npm start`). */
export function listOpener(list: PullRequestList): ReviewOpener {
  return async (input) => {
    const pr = await list.open(input);
    return { kind: "pull-request", pullRequest: { number: pr.number, url: pr.url } };
  };
}

/**
 * Opens it through the local API's POST pull-requests (the CLI against `npm start`). The branch
 * is pushed by then; a refusal is an error, since there is no compare page to fall back to.
 */
export function httpPullRequestOpener(url: string, fetchImpl: typeof fetch = fetch): ReviewOpener {
  return async (input) => {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-cws-user": input.author },
        body: JSON.stringify({ head: input.branch, title: input.title, body: input.body }),
      });
    } catch (error) {
      throw new CwsError(
        "PULL_REQUEST_FAILED",
        `could not open the pull request at ${url}: ${(error as Error).message}`,
        "the branch is pushed; start the local marketplace (npm start) and rerun, or open it with POST to that URL",
        EXIT.failed,
      );
    }
    const text = await res.text();
    let doc: Partial<LocalPullRequest> & { error?: string; message?: string; hint?: string } = {};
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch {
      // Reported below with the status.
    }
    if (res.status !== 201 || typeof doc.number !== "number" || typeof doc.url !== "string") {
      throw new CwsError(
        "PULL_REQUEST_FAILED",
        `the local registry refused the pull request (${res.status}${doc.error ? ` ${doc.error}` : ""}: ${doc.message ?? text.slice(0, 200)})`,
        doc.hint ?? "the branch is pushed; check that npm start is running and rerun",
        EXIT.failed,
      );
    }
    return { kind: "pull-request", pullRequest: { number: doc.number, url: doc.url } };
  };
}
