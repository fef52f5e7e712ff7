import { existsSync } from "node:fs";
import { join } from "node:path";
import { sortDiagnostics } from "../../core/diagnostics/diagnostic.js";
import { summaryLine } from "../../core/diagnostics/summary.js";
import type { LocalPullRequest } from "../../core/types/generated.js";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";
import { AsyncMutex, toApiDiagnostic } from "../api/registry-changes.js";
import { CI_PUSH_ENV, gitCli } from "./git-remote.js";
import type { LocalPullRequests } from "./pull-requests.js";

export interface LocalCiOptions {
  /** The local registry's bare repository. */
  bare: string;
  /** CI's own clone, where merges are made and validated and builds read from. */
  checkout: string;
  branch?: string;
  pulls: LocalPullRequests;
  /** Build the registry folder and upload it to the local bucket, as the publish workflow does. */
  republish: (registryDir: string) => Promise<string>;
  log?: (line: string) => void;
}

/**
 * The PR workflow and the publish workflow on one machine. For each pull request, one at a time:
 * merge its branch into the base (a merge commit, as GitHub's refs/pull/N/merge), validate the
 * result with the same validator CI runs (--base HEAD~1 --actor <author>), then either refuse it
 * (diagnostics on the pull request; the base branch does not move) or push the merge and
 * republish. Nothing here shells out to a copy of the validator: it is the same function.
 */
export class LocalCi {
  private readonly queue = new AsyncMutex();
  private readonly branch: string;

  constructor(private readonly options: LocalCiOptions) {
    this.branch = options.branch ?? "main";
  }

  get registryDir(): string {
    return join(this.options.checkout, "registry");
  }

  /** Clones the bare repository (first use) and resets the checkout to its base branch. */
  sync(): void {
    const { bare, checkout } = this.options;
    if (!existsSync(join(checkout, ".git"))) gitCli(join(checkout, ".."), ["clone", "-q", "-b", this.branch, bare, checkout]);
    gitCli(checkout, ["fetch", "-q", "--prune", "origin", `+refs/heads/*:refs/remotes/origin/*`]);
    gitCli(checkout, ["checkout", "-q", "-B", this.branch, `origin/${this.branch}`]);
    gitCli(checkout, ["reset", "-q", "--hard", `origin/${this.branch}`]);
    gitCli(checkout, ["clean", "-q", "-fdx"]);
  }

  /** Queues a pull request; the answer settles when CI is done with it. */
  enqueue(pr: LocalPullRequest): Promise<LocalPullRequest> {
    return this.queue.run(() => this.check(pr.number));
  }

  /** Waits for every queued pull request (the queue is first come, first served). */
  async idle(): Promise<void> {
    await this.queue.run(async () => {});
  }

  private async check(number: number): Promise<LocalPullRequest> {
    const { pulls, checkout } = this.options;
    const log = this.options.log ?? (() => {});
    let pr = await pulls.update(number, { state: "checking" });
    log(`local CI: #${number} ${pr.title} (${pr.head} by ${pr.author})`);
    try {
      this.sync();
    } catch (error) {
      return pulls.update(number, { state: "failed", error: failure("CI_FAILED", error, "restart npm start; the local registry may be damaged") });
    }
    let head: string;
    try {
      head = gitCli(checkout, ["rev-parse", "--verify", `refs/remotes/origin/${pr.head}^{commit}`]);
    } catch {
      return pulls.update(number, {
        state: "failed",
        error: { code: "NO_SUCH_BRANCH", message: `the local registry has no branch ${pr.head}`, hint: "push the branch first, then open the pull request" },
      });
    }
    try {
      gitCli(checkout, ["merge", "-q", "--no-ff", "-m", `Merge pull request #${number} from ${pr.head}\n\n${pr.title}`, head]);
    } catch (error) {
      this.sync();
      return pulls.update(number, {
        state: "failed",
        head_commit: head,
        error: failure("MERGE_CONFLICT", error, `rebase ${pr.head} on ${this.branch} and open a new pull request`),
      });
    }
    const started = Date.now();
    const report = await validateRegistryDir(this.registryDir, { base: "HEAD~1", actor: pr.author });
    const diagnostics = sortDiagnostics(report.diagnostics).map(toApiDiagnostic);
    const summary = summaryLine(report);
    if (diagnostics.some((d) => d.severity === "error")) {
      this.sync();
      log(`local CI: #${number} failed: ${summary}`);
      return pulls.update(number, { state: "failed", head_commit: head, diagnostics, summary });
    }
    const merge = gitCli(checkout, ["rev-parse", "HEAD"]);
    gitCli(checkout, ["push", "-q", "origin", `HEAD:refs/heads/${this.branch}`], { [CI_PUSH_ENV]: "1" });
    pr = await pulls.update(number, { state: "merged", head_commit: head, merge_commit: merge, diagnostics, summary });
    log(`local CI: #${number} passed in ${seconds(started)} and merged as ${merge.slice(0, 7)}; republishing`);
    const building = Date.now();
    try {
      const said = await this.options.republish(this.registryDir);
      log(`local CI: #${number} published in ${seconds(building)}: ${said}`);
      return await pulls.update(number, { state: "published", published_at: new Date().toISOString() });
    } catch (error) {
      return pulls.update(number, { state: "publish_failed", error: failure("PUBLISH_FAILED", error, "see the npm start log; the next merge republishes") });
    }
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function failure(code: string, error: unknown, hint: string): { code: string; message: string; hint: string } {
  const e = error as { stderr?: string; message?: string };
  const message = (e.stderr?.trim() || e.message || String(error)).split("\n").slice(0, 6).join("\n");
  return { code, message, hint };
}
