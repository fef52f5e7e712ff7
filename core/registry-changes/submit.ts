import { randomBytes } from "node:crypto";
import type { HttpClient } from "isomorphic-git";
import { countBySeverity } from "../diagnostics/diagnostic.js";
import type { Report } from "../diagnostics/summary.js";
import { summaryLine } from "../diagnostics/summary.js";
import type { ValidationResult } from "../validate/validate-registry.js";
import type { Review } from "./github.js";
import { type ReviewOpener, reviewOpenerFor } from "./pull-requests.js";
import type { PublishingSettings } from "./settings.js";
import type { RegistryChange, RegistryFiles } from "./types.js";
import { RegistryWorkspace, type StagedChange } from "./workspace.js";

export interface SubmitOptions {
  settings: PublishingSettings;
  /** Show the diff and validate; commit and push nothing. */
  dryRun?: boolean;
  now?: Date;
  onProgress?: (message: string) => void;
  http?: HttpClient;
  /** The branch's last part; default random, so retries never collide. */
  branchSuffix?: string;
  /** How the change was submitted, for the pull request; default `cws marketplace <verb>`. */
  via?: string;
  /** Where the pushed branch becomes a pull request; default from the settings (GitHub, or the local list). */
  openReview?: ReviewOpener;
}

/** Lets a builder validate a draft before doing something costly (creating an image) for the real change. */
export interface BuildContext {
  trial(change: RegistryChange): Promise<StagedChange>;
  dryRun: boolean;
}

export type BuildChange = (registry: RegistryFiles, context: BuildContext) => RegistryChange | Promise<RegistryChange>;

export interface SubmitOutcome {
  change: RegistryChange;
  branch: string;
  base: { ref: string; oid: string };
  /** Repository-relative paths written. */
  paths: string[];
  diff: string;
  report: ValidationResult & Report;
  errors: number;
  dryRun: boolean;
  pushed: boolean;
  commit?: string;
  review?: Review;
}

/**
 * One registry change, end to end: sync the workspace, build the change from the base commit,
 * write it on a new branch, validate it as CI will (same rules, --base origin/<branch>, --actor
 * the caller), then commit, push and open the pull request. Validation errors and --dry-run
 * push nothing; every path out leaves the workspace clean on the base branch.
 */
export async function submitChange(options: SubmitOptions, build: BuildChange): Promise<SubmitOutcome> {
  const { settings } = options;
  const dryRun = options.dryRun ?? false;
  const ws = await RegistryWorkspace.open({
    settings,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.http ? { http: options.http } : {}),
  });
  try {
    const registry = await ws.readRegistry();
    const context: BuildContext = {
      dryRun,
      trial: async (draft) => {
        try {
          return await ws.stage(draft, branchName(draft, "trial"), registry);
        } finally {
          await ws.reset();
        }
      },
    };
    const change = await build(registry, context);
    const branch = branchName(change, options.branchSuffix ?? randomBytes(3).toString("hex"));
    const staged = await ws.stage(change, branch, registry);
    const outcome: SubmitOutcome = {
      change,
      branch,
      base: { ref: ws.baseRef, oid: ws.baseOid },
      paths: staged.paths,
      diff: staged.diff,
      report: staged.report,
      errors: staged.errors,
      dryRun,
      pushed: false,
    };
    if (staged.errors > 0 || dryRun) {
      await ws.reset();
      return outcome;
    }
    const author = { name: settings.actor, email: `${settings.actor}@users.noreply.github.com` };
    outcome.commit = await ws.commit(staged, commitMessage(change), author, options.now);
    options.onProgress?.(`pushing ${branch}`);
    await ws.push(branch);
    outcome.pushed = true;
    await ws.reset();
    const open = options.openReview ?? reviewOpenerFor(settings);
    outcome.review = await open({
      author: settings.actor,
      branch,
      title: change.title,
      body: pullRequestBody(change, staged, ws.baseRef, settings.actor, options.via),
    });
    return outcome;
  } catch (error) {
    // Whatever failed (building the change, an image, a commit), the next command starts clean.
    await ws.reset().catch(() => {});
    throw error;
  } finally {
    ws.close();
  }
}

/** cws/<verb>/<id>-<suffix>: the branch a change is pushed on. */
export function branchName(change: Pick<RegistryChange, "verb" | "templateId">, suffix: string): string {
  return `cws/${change.verb}/${change.templateId}-${suffix}`;
}

export function commitMessage(change: RegistryChange): string {
  const lines = [change.title, "", ...change.summary];
  if (change.notes.length) lines.push("", `Changelog ${change.version}:`, ...change.notes.map((n) => `- ${n.kind}: ${n.description}`));
  return `${lines.join("\n")}\n`;
}

export function pullRequestBody(
  change: RegistryChange,
  staged: Pick<StagedChange, "paths" | "report">,
  baseRef: string,
  actor: string,
  via = `cws marketplace ${change.verb}`,
): string {
  const { error, warning } = countBySeverity(staged.report.diagnostics);
  const out = [
    change.summary.join("\n\n"),
    "",
    `| template | version | change |`,
    `| --- | --- | --- |`,
    `| \`${change.templateId}\` | ${change.previousVersion ? `${change.previousVersion} → ` : ""}${change.version} | ${change.verb} |`,
    "",
  ];
  if (change.notes.length) out.push(`### Changelog ${change.version}`, "", ...change.notes.map((n) => `- **${n.kind}:** ${n.description}`), "");
  out.push("### Files", "", ...staged.paths.map((p) => `- \`${p}\``), "");
  out.push(
    "### Validation",
    "",
    `\`npm run validate -- --base ${baseRef} --actor ${actor}\` ran before the push: ${summaryLine(staged.report)} (${error} errors, ${warning} warnings).`,
  );
  if (warning > 0) out.push("", ...staged.report.diagnostics.filter((d) => d.severity === "warning").map((d) => `- ${d.code} ${d.file}: ${d.message}`));
  out.push("", `Submitted by @${actor} with \`${via}\`.`);
  return `${out.join("\n")}\n`;
}
