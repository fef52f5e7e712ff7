import { CwsError, EXIT } from "../errors.js";
import type { UnitContext } from "./context.js";
import { setPhase } from "./ec2-instances.js";
import { scrubStep } from "./scrub.js";
import { runCommand } from "./ssm-ops.js";
import type { CommandResult, ShellStep, StepRecord } from "./types.js";
import { judgeTest, testStep } from "./validation.js";

/** Output kept per step in the build log; SSM itself keeps at most 24,000 characters. */
const KEEP = 24_000;
const tail = (text: string) => (text.length > KEEP ? text.slice(-KEEP) : text);

async function run(ctx: UnitContext, instanceId: string, step: ShellStep, file: string): Promise<{ result: CommandResult; record: StepRecord }> {
  const started = ctx.rt.now().getTime();
  const { ssm } = ctx.clientsFor(ctx.buildRegion);
  const result = await runCommand(ssm, ctx.rt, instanceId, step, file, { pollMs: ctx.timeouts.pollMs, graceMs: ctx.timeouts.commandGraceMs });
  const record: StepRecord = {
    name: step.name,
    status: result.status === "Success" ? "ok" : "failed",
    durationMs: ctx.rt.now().getTime() - started,
    exitCode: result.exitCode,
    stdout: tail(result.stdout),
    stderr: tail(result.stderr),
  };
  ctx.steps.push(record);
  return { result, record };
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return (lines[lines.length - 1] ?? "").slice(0, 200);
}

/** Provisioning steps from `from` on, recording progress in a tag after each so a rerun resumes after the last one done. */
export async function provision(ctx: UnitContext, instanceId: string, from: number): Promise<void> {
  const steps = ctx.unit.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as ShellStep;
    const label = `provision ${i + 1}/${steps.length} ${step.name}`;
    if (i < from) {
      ctx.progress(label, "skip", "done before the restart");
      continue;
    }
    ctx.progress(label, "start", `timeout ${step.timeoutSeconds} s`);
    const { result } = await run(ctx, instanceId, step, `step-${i + 1}.sh`);
    if (result.status !== "Success") {
      const why = result.status === "TimedOut" ? `timed out after ${step.timeoutSeconds} s` : `exit ${result.exitCode}`;
      ctx.progress(label, "fail", `${why}: ${lastLine(result.stderr || result.stdout)}`);
      throw new CwsError(
        "CWS-AMI-STEP",
        `step "${step.name}" failed (${why}): ${lastLine(result.stderr || result.stdout)}`,
        "see the step's output in the build log",
        EXIT.invalid,
      );
    }
    ctx.progress(label, "done");
    await setPhase(ctx.clientsFor(ctx.buildRegion).ec2, ctx.rt, instanceId, `step:${i + 1}`);
  }
}

/** Runs every validation test (so one run reports all failures), then fails if any did. */
export async function validate(ctx: UnitContext, instanceId: string): Promise<void> {
  const failures: string[] = [];
  for (const [i, test] of ctx.unit.tests.entries()) {
    const label = `test ${i + 1}/${ctx.unit.tests.length} ${test.name}`;
    ctx.progress(label, "start");
    const { result, record } = await run(ctx, instanceId, testStep(test, ctx.unit.runAs), `test-${i + 1}.sh`);
    const verdict = judgeTest(test, result);
    record.status = verdict.passed ? "ok" : "failed";
    if (verdict.passed) ctx.progress(label, "done");
    else {
      record.detail = verdict.reason;
      failures.push(`${test.name}: ${verdict.reason}`);
      ctx.progress(label, "fail", verdict.reason);
    }
  }
  if (failures.length > 0) {
    throw new CwsError(
      "CWS-AMI-VALIDATION",
      `${failures.length} validation test${failures.length === 1 ? "" : "s"} failed (${failures.join("; ")}); no image was made`,
      "fix the template or its tests; the outputs are in the build log",
      EXIT.invalid,
    );
  }
  await setPhase(ctx.clientsFor(ctx.buildRegion).ec2, ctx.rt, instanceId, "validated");
}

export async function scrub(ctx: UnitContext, instanceId: string): Promise<void> {
  const step = scrubStep();
  ctx.progress("scrub", "start");
  const { result } = await run(ctx, instanceId, step, "scrub.sh");
  if (result.status !== "Success") {
    ctx.progress("scrub", "fail", lastLine(result.stderr || result.stdout));
    throw new CwsError(
      "CWS-AMI-SCRUB",
      `scrubbing the builder failed: ${lastLine(result.stderr || result.stdout)}`,
      "an unscrubbed builder is never imaged; see the build log",
      EXIT.invalid,
    );
  }
  ctx.progress("scrub", "done");
  await setPhase(ctx.clientsFor(ctx.buildRegion).ec2, ctx.rt, instanceId, "scrubbed");
}
