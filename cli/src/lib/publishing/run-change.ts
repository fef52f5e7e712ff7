import { countBySeverity, sortDiagnostics } from "../../../../core/diagnostics/diagnostic.js";
import { formatDiagnostic } from "../../../../core/diagnostics/format-text.js";
import { summaryLine } from "../../../../core/diagnostics/summary.js";
import { CwsError } from "../../../../core/errors.js";
import { type PublishingSettings, redact } from "../../../../core/registry-changes/settings.js";
import { type BuildChange, type SubmitOutcome, submitChange } from "../../../../core/registry-changes/submit.js";
import type { Args } from "../command.js";
import { CLI_EXIT } from "../errors.js";
import { bold, dim, type Output, paint, red } from "../output.js";
import { outputFor, settingsFrom } from "./options.js";
import { recordSubmission } from "./submissions.js";

const green = (o: Output, t: string) => paint(o.color, "32", t);

/** Runs one change through the workspace and prints what happened; returns the exit status. */
export async function runChange(argv: Args, build: BuildChange, options: { afterError?: () => string[] } = {}): Promise<number> {
  const out = outputFor(argv);
  const settings = settingsFrom(argv);
  const progress = (message: string) => {
    if (!out.json) process.stderr.write(`${dim(out, message)}\n`);
  };
  let outcome: SubmitOutcome;
  try {
    outcome = await submitChange({ settings, dryRun: argv.dryRun === true, onProgress: progress }, build);
  } catch (error) {
    for (const line of options.afterError?.() ?? []) out.warn(line);
    if (error instanceof CwsError)
      throw new CwsError(error.code, redact(error.message, [settings.token]), redact(error.hint, [settings.token]), error.exitCode);
    throw error;
  }
  if (outcome.pushed) recordSubmission(settings, outcome);
  report(out, outcome, settings);
  return outcome.errors > 0 ? CLI_EXIT.failed : CLI_EXIT.ok;
}

function report(out: Output, o: SubmitOutcome, settings: PublishingSettings): void {
  const { change } = o;
  if (out.json) {
    const { error, warning } = countBySeverity(o.report.diagnostics);
    out.data({
      verb: change.verb,
      template_id: change.templateId,
      version: change.version,
      ...(change.previousVersion ? { previous_version: change.previousVersion } : {}),
      title: change.title,
      branch: o.branch,
      base: o.base,
      files: o.paths,
      dry_run: o.dryRun,
      valid: o.errors === 0,
      validation: { templates: o.report.templates, errors: error, warnings: warning, diagnostics: o.report.diagnostics },
      pushed: o.pushed,
      commit: o.commit ?? null,
      pull_request: o.review?.kind === "pull-request" ? o.review.pullRequest : null,
      compare_url: o.review?.kind === "compare" ? o.review.url : null,
      warnings: change.warnings,
      ...(o.dryRun ? { diff: o.diff } : {}),
    });
    return;
  }
  for (const w of change.warnings) out.warn(w);
  const diagnostics = sortDiagnostics(o.report.diagnostics);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: out.color })}\n`);
  if (o.errors > 0) {
    process.stderr.write(`${red(out, summaryLine(o.report))}\n`);
    process.stderr.write(`nothing was pushed: fix the errors above (codes are explained in docs/rules.md) and rerun\n`);
    return;
  }
  if (o.dryRun) {
    out.line(o.diff.trimEnd());
    out.line();
    out.line(`${green(out, summaryLine(o.report))}`);
    out.line(
      dim(out, `dry run: would commit "${change.title}" on ${o.branch} (from ${o.base.ref} ${o.base.oid.slice(0, 7)}); nothing was committed or pushed`),
    );
    return;
  }
  out.line(green(out, summaryLine(o.report)));
  out.line(`${bold(out, change.title)}`);
  out.line(`  committed ${o.commit?.slice(0, 7)} on ${o.branch}, pushed to ${settings.registryRepo}`);
  if (o.review?.kind === "pull-request") out.line(`  pull request #${o.review.pullRequest.number}: ${o.review.pullRequest.url}`);
  else if (o.review) out.line(`  open the pull request: ${o.review.url}\n  ${dim(out, `(not opened automatically: ${o.review.reason})`)}`);
}
