import {
  CancelCommandCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  GetParameterCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { CwsError, EXIT } from "../errors.js";
import { WORK_DIR } from "./provision.js";
import { aws, errorName, pollUntil, type Runtime } from "./runtime.js";
import { bashScriptLines } from "./shell.js";
import type { CommandResult, ShellStep } from "./types.js";

/** The AMI id a public parameter names. Base images are resolved this way only. */
export async function resolveParameter(ssm: SSMClient, rt: Runtime, path: string): Promise<string> {
  let value: string | undefined;
  try {
    value = (await aws(rt, () => ssm.send(new GetParameterCommand({ Name: path })))).Parameter?.Value;
  } catch (error) {
    if (errorName(error) === "ParameterNotFound") {
      throw new CwsError(
        "CWS-AMI-BASE",
        `public SSM parameter ${path} does not exist in this region`,
        "check ami.base_image, or the base's parameter path",
        EXIT.invalid,
      );
    }
    throw error;
  }
  if (!value || !/^ami-[0-9a-f]+$/.test(value)) {
    throw new CwsError(
      "CWS-AMI-BASE",
      `SSM parameter ${path} does not hold an AMI id`,
      "ami.base_image must name a parameter whose value is an ami- id",
      EXIT.invalid,
    );
  }
  return value;
}

export async function waitOnline(ssm: SSMClient, rt: Runtime, instanceId: string, poll: { intervalMs: number; timeoutMs: number }): Promise<void> {
  await pollUntil(
    rt,
    `builder ${instanceId} coming online in SSM (check its instance profile and that the subnet reaches SSM)`,
    async () => {
      const info = await aws(rt, () => ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [instanceId] }] })));
      return info.InstanceInformationList?.[0]?.PingStatus === "Online" ? true : undefined;
    },
    poll,
  );
}

const FINISHED = new Set(["Success", "Failed", "TimedOut", "Cancelled"]);

/**
 * Runs one step through Run Command and waits for it. The step's own timeout goes to the agent
 * (executionTimeout); our wait allows that plus a grace period, then cancels the command.
 */
export async function runCommand(
  ssm: SSMClient,
  rt: Runtime,
  instanceId: string,
  step: ShellStep,
  file: string,
  options: { pollMs: number; graceMs: number },
): Promise<CommandResult> {
  const sent = await aws(rt, () =>
    ssm.send(
      new SendCommandCommand({
        DocumentName: "AWS-RunShellScript",
        InstanceIds: [instanceId],
        Comment: step.name.slice(0, 100),
        TimeoutSeconds: 600,
        Parameters: { commands: bashScriptLines(WORK_DIR, file, step.commands), executionTimeout: [String(step.timeoutSeconds)] },
      }),
    ),
  );
  const commandId = sent.Command?.CommandId;
  if (!commandId) throw new CwsError("CWS-AMI-SSM", `SendCommand for "${step.name}" returned no command id`, "retry the build", EXIT.invalid);
  try {
    return await pollUntil(
      rt,
      `step "${step.name}" finishing`,
      async () => {
        try {
          const r = await aws(rt, () => ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId })));
          if (!FINISHED.has(r.Status ?? "")) return undefined;
          // An execution timeout can be reported as Failed with details; judge it as a timeout.
          const status = r.StatusDetails === "ExecutionTimedOut" || r.StatusDetails === "DeliveryTimedOut" ? "TimedOut" : (r.Status ?? "Failed");
          return { status, exitCode: r.ResponseCode ?? -1, stdout: r.StandardOutputContent ?? "", stderr: r.StandardErrorContent ?? "" };
        } catch (error) {
          // The invocation appears a moment after SendCommand returns.
          if (errorName(error) === "InvocationDoesNotExist") return undefined;
          throw error;
        }
      },
      { intervalMs: options.pollMs, timeoutMs: step.timeoutSeconds * 1000 + options.graceMs },
    );
  } catch (error) {
    await aws(rt, () => ssm.send(new CancelCommandCommand({ CommandId: commandId, InstanceIds: [instanceId] }))).catch(() => undefined);
    throw error;
  }
}
