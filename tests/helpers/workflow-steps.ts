import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { RunResult } from "./run.js";

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  "working-directory"?: string;
}

export interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}

/** A job of a workflow file, parsed. */
export function workflowJob(text: string, job: string): Job | undefined {
  return (parse(text) as { jobs: Record<string, Job> }).jobs[job];
}

/** Replaces each `${{ expr }}` with its value from `context`; an expression the test did not provide throws. */
export function expand(value: string, context: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const known = context[expr];
    if (known === undefined) throw new Error(`the test gives no value for \${{ ${expr} }}`);
    return known;
  });
}

/** A folder of executables, to put first on PATH in place of real tools (gh, npm…). */
export function fakeBin(dir: string, tools: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, script] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${script}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

export function which(tool: string): string {
  return execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
}

/**
 * Runs one `run:` step as a GitHub runner does (`bash --noprofile --norc -eo pipefail`), in its
 * working-directory under `workspace`, with its env expanded from `context` on top of `env`.
 */
export function runStep(step: Step, options: { workspace: string; context: Readonly<Record<string, string>>; env?: Record<string, string> }): RunResult {
  if (!step.run) throw new Error(`step ${step.name ?? step.uses} has no run:`);
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), options.context)]));
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step.run, options.context)], {
    cwd: join(options.workspace, step["working-directory"] ?? "."),
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", GITHUB_WORKSPACE: options.workspace, ...options.env, ...stepEnv },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
