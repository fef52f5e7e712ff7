import { compareUrl, type PublishingSettings, redact } from "./settings.js";

export interface PullRequestInput {
  branch: string;
  title: string;
  body: string;
}

export interface PullRequest {
  number: number;
  url: string;
}

/** What happened after the push: a pull request was opened, or here is where to open one. */
export type Review = { kind: "pull-request"; pullRequest: PullRequest } | { kind: "compare"; url: string; reason: string };

type GithubSettings = Pick<PublishingSettings, "registryRepo" | "registryBranch" | "githubRepo" | "githubApiUrl" | "token">;

/**
 * Opens the pull request through the GitHub REST API (@octokit/rest) when the remote is a GitHub
 * repository and a token is configured; otherwise returns the compare URL to open it by hand.
 * The API base URL is configurable for GitHub Enterprise (and for the tests' loopback fake).
 */
export async function openReview(settings: GithubSettings, input: PullRequestInput): Promise<Review> {
  const compare = compareUrl(settings, input.branch);
  if (!settings.githubRepo || !settings.githubApiUrl) return { kind: "compare", url: compare, reason: "the registry is not a GitHub repository" };
  if (!settings.token) return { kind: "compare", url: compare, reason: "no token (CWS_REGISTRY_TOKEN or GITHUB_TOKEN) to open it with" };
  const { Octokit } = await import("@octokit/rest");
  const octokit = new Octokit({ auth: settings.token, baseUrl: settings.githubApiUrl, userAgent: "cws-marketplace-cli", log: quietLog });
  try {
    const { data } = await octokit.rest.pulls.create({
      owner: settings.githubRepo.owner,
      repo: settings.githubRepo.repo,
      title: input.title,
      head: input.branch,
      base: settings.registryBranch,
      body: input.body,
      maintainer_can_modify: true,
    });
    return { kind: "pull-request", pullRequest: { number: data.number, url: data.html_url } };
  } catch (error) {
    // The branch is pushed either way; a person can still open the pull request from the compare page.
    const e = error as { status?: number; message?: string };
    return {
      kind: "compare",
      url: compare,
      reason: redact(`GitHub refused to open it (${e.status ?? "no answer"}: ${e.message ?? String(error)})`, [settings.token]),
    };
  }
}

// Octokit logs request failures itself; the CLI reports them once, redacted.
const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
