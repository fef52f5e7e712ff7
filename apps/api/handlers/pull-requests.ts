import type { PullRequestList } from "../../../core/registry-changes/pull-requests.js";
import type { LocalPullRequestInput } from "../../../core/types/generated.js";
import { type Handler, type RequestContext, reply, requireCaller } from "../context.js";
import { ApiError } from "../errors.js";

// The local registry's pull requests (npm start). Production has none: its pull requests are on GitHub.

function local(r: RequestContext): PullRequestList {
  if (!r.pullRequests)
    throw new ApiError(501, "LOCAL_PULL_REQUESTS_ONLY", "this server has no local registry: its pull requests are on GitHub", {
      hint: "the pull_request_url of a registry change's answer says where to follow it",
    });
  return r.pullRequests;
}

export const listPullRequests: Handler = async (r) => reply(r, 200, { pull_requests: await local(r).list() });

export const openPullRequest: Handler = async (r) => {
  const list = local(r);
  const caller = requireCaller(r);
  const input = r.body as LocalPullRequestInput;
  const pr = await list.open({ branch: input.head, title: input.title, body: input.body ?? "", author: caller.handle });
  return reply(r, 201, pr, { location: new URL(pr.url).pathname });
};

export const getPullRequest: Handler = async (r) => {
  const list = local(r);
  const number = Number(r.params.number);
  const pr = Number.isSafeInteger(number) && number > 0 ? await list.get(number) : undefined;
  if (!pr)
    throw new ApiError(404, "PULL_REQUEST_NOT_FOUND", `no pull request #${r.params.number} on the local registry`, { hint: "GET pull-requests lists them" });
  return reply(r, 200, pr);
};
