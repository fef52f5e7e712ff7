import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PublishingSettings } from "../../../../core/registry-changes/settings.js";
import type { SubmitOutcome } from "../../../../core/registry-changes/submit.js";
import { stateDir } from "../paths.js";
import type { Env } from "./options.js";

/** A local note of what this machine pushed, so my-publications can show changes still under review. */
export interface SubmissionRecord {
  at: string;
  registry: string;
  actor: string;
  verb: string;
  template_id: string;
  version: string;
  branch: string;
  commit: string;
  url: string;
}

export function submissionsFile(env: Env = process.env): string {
  return join(stateDir(env), "submissions.jsonl");
}

export function recordSubmission(settings: PublishingSettings, o: SubmitOutcome): void {
  const record: SubmissionRecord = {
    at: new Date().toISOString(),
    registry: settings.registryRepo,
    actor: settings.actor,
    verb: o.change.verb,
    template_id: o.change.templateId,
    version: o.change.version,
    branch: o.branch,
    commit: o.commit ?? "",
    url: o.review?.kind === "pull-request" ? o.review.pullRequest.url : (o.review?.url ?? ""),
  };
  try {
    const file = submissionsFile();
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(record)}\n`);
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    if (lines.length > 200) writeFileSync(file, `${lines.slice(-200).join("\n")}\n`);
  } catch {
    // A note for convenience; publishing has already succeeded.
  }
}

export function readSubmissions(env: Env = process.env): SubmissionRecord[] {
  try {
    return readFileSync(submissionsFile(env), "utf8")
      .split("\n")
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as SubmissionRecord];
        } catch {
          return [];
        }
      });
  } catch {
    return [];
  }
}
