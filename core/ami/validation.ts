import { quote } from "../shell/quote.js";
import type { ValidationTest } from "../types/generated.js";
import type { CommandResult, ShellStep } from "./types.js";

export const DEFAULT_TEST_TIMEOUT = 300;
/** SSM keeps at most this many characters of a command's standard output. */
export const SSM_OUTPUT_LIMIT = 24_000;

/** A validation test as a step: the command runs in a login shell of `runAs`, as a researcher's would. */
export function testStep(test: ValidationTest, runAs: string): ShellStep {
  const command = runAs === "root" ? `bash -lc ${quote(test.command)}` : `runuser -l ${quote(runAs)} -c ${quote(test.command)}`;
  return { name: `test: ${test.name}`, timeoutSeconds: test.timeout_seconds ?? DEFAULT_TEST_TIMEOUT, commands: [command] };
}

export type Verdict = { passed: true } | { passed: false; reason: string };

/** Whether a test's invocation met its expectations: finished in time, the exit code, the output. */
export function judgeTest(test: ValidationTest, result: CommandResult): Verdict {
  if (result.status === "TimedOut") return { passed: false, reason: `timed out after ${test.timeout_seconds ?? DEFAULT_TEST_TIMEOUT} s` };
  if (result.status !== "Success" && result.status !== "Failed") return { passed: false, reason: `command ${result.status.toLowerCase()}` };
  const expected = test.expect_exit_code ?? 0;
  if (result.exitCode !== expected) return { passed: false, reason: `exit code ${result.exitCode}, expected ${expected}` };
  if (test.expect_output !== undefined && !result.stdout.includes(test.expect_output)) {
    const truncated = result.stdout.length >= SSM_OUTPUT_LIMIT ? ` (output was cut at ${SSM_OUTPUT_LIMIT} characters; print less)` : "";
    return { passed: false, reason: `output does not contain ${JSON.stringify(test.expect_output)}${truncated}` };
  }
  return { passed: true };
}
