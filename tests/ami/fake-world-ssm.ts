import type { Filter } from "@aws-sdk/client-ec2";
import { FakeSoftware, SSM_STDOUT_LIMIT } from "./fake-software.js";
import { err, hex } from "./fake-world.js";
import { WorldImages } from "./fake-world-images.js";

/** SSM: public parameters, agent registration after boot, Run Command with scripted outcomes. */
export class FakeWorld extends WorldImages {
  /** What the builders have installed, for the SBOM capture's commands. */
  readonly software = new FakeSoftware();

  getParameter(region: string, input: { Name?: string }) {
    const name = input.Name ?? "";
    if (!name.startsWith("/aws/service/")) throw err("ParameterNotFound", `parameter ${name} not found`);
    return { Parameter: { Name: name, Type: "String", Value: this.baseImage(region, name).id } };
  }

  describeInstanceInformation(region: string, input: { Filters?: Filter[] & { Key?: string }[] }) {
    const ids = (input.Filters as { Key?: string; Values?: string[] }[] | undefined)?.find((f) => f.Key === "InstanceIds")?.Values ?? [];
    const list = ids
      .map((id) => this.instances.get(id))
      .filter((i) => i !== undefined && i.region === region && i.state === "running")
      .map((i) => {
        if (!i) return undefined;
        if (!this.ssmOnline) return { InstanceId: i.id, PingStatus: "ConnectionLost" };
        if (i.onlineIn > 0) {
          i.onlineIn -= 1;
          return undefined;
        }
        return { InstanceId: i.id, PingStatus: "Online" };
      })
      .filter((x) => x !== undefined);
    return { InstanceInformationList: list };
  }

  sendCommand(region: string, input: { InstanceIds?: string[]; Comment?: string; Parameters?: Record<string, string[]> }) {
    const instanceId = input.InstanceIds?.[0] ?? "";
    const instance = this.instances.get(instanceId);
    if (!instance || instance.region !== region || instance.state !== "running" || !this.ssmOnline)
      throw err("InvalidInstanceId", `instance ${instanceId} is not a managed, online instance`);
    const lines = input.Parameters?.commands ?? [];
    const encoded = lines.map((l) => /^echo (\S+) \| base64 -d/.exec(l)?.[1]).find(Boolean);
    const id = `${hex(8)}-0000-4000-8000-${hex(12)}`;
    this.commands.set(id, {
      id,
      region,
      instanceId,
      comment: input.Comment ?? "",
      script: encoded ? Buffer.from(encoded, "base64").toString("utf8") : lines.join("\n"),
      polls: 0,
    });
    return { Command: { CommandId: id, Status: "Pending" } };
  }

  getCommandInvocation(region: string, input: { CommandId?: string; InstanceId?: string }) {
    const command = this.commands.get(input.CommandId ?? "");
    if (!command || command.region !== region) throw err("InvalidCommandId", `command ${input.CommandId} does not exist`);
    command.polls += 1;
    // Like SSM, the invocation is unknown for a moment after SendCommand.
    if (command.polls === 1) throw err("InvocationDoesNotExist", "invocation does not exist yet");
    if (command.polls <= 1 + this.settle.command) return { CommandId: command.id, InstanceId: command.instanceId, Status: "InProgress", ResponseCode: -1 };
    const outcome = this.software.outcome(command) ?? this.respond(command);
    command.status = outcome.status;
    return {
      CommandId: command.id,
      InstanceId: command.instanceId,
      Status: outcome.status,
      StatusDetails: outcome.status,
      ResponseCode: outcome.exitCode,
      // SSM cuts stdout at 24,000 characters; what a step needs beyond that must come back in slices.
      StandardOutputContent: (outcome.stdout ?? "").slice(0, SSM_STDOUT_LIMIT),
      StandardErrorContent: outcome.stderr ?? "",
    };
  }

  cancelCommand(_region: string, input: { CommandId?: string }) {
    const command = this.commands.get(input.CommandId ?? "");
    if (command) command.status = "Cancelled";
    return {};
  }
}
