// Which pull request a validate run was for, from data GitHub wrote: the workflow_run event and,
// for fork pull requests (whose event lists none), the API's open pull requests. Never from the
// run's artifact, which the pull request's own workflow produced.
//   node pull-request-number.mjs <event.json> [open-pulls.json]   prints the number, or nothing
import { readFileSync, realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** The number of the pull request whose head is the run's commit, or undefined. */
export function pullRequestNumber(run, openPulls = []) {
  const sha = run?.head_sha;
  if (typeof sha !== "string" || !/^[0-9a-f]{40}$/.test(sha)) return undefined;
  const listed = Array.isArray(run.pull_requests) ? run.pull_requests : [];
  const fromEvent = listed.find((p) => p?.head?.sha === sha);
  // `gh api --paginate --slurp` gives one array per page.
  const open = Array.isArray(openPulls) ? openPulls.flat() : [];
  const repo = run.head_repository?.full_name;
  const fromFork = open.find((p) => p?.head?.sha === sha && typeof repo === "string" && p.head.repo?.full_name === repo);
  const number = (fromEvent ?? fromFork)?.number;
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

// Run as a script (node resolves the main module through links, so compare real paths).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const event = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const open = process.argv[3] ? JSON.parse(readFileSync(process.argv[3], "utf8")) : [];
  const number = pullRequestNumber(event.workflow_run, open);
  if (number !== undefined) console.log(number);
}
