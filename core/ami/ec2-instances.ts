import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  type EC2Client,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type Tag,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { CwsError, EXIT } from "../errors.js";
import { aws, errorName, pollUntil, type Runtime } from "./runtime.js";
import { TAG, tagMap } from "./tags.js";

/** Thin EC2 instance calls, each retried on throttling. */

export interface InstanceInfo {
  id: string;
  state: string;
  tags: Record<string, string>;
  launchTime?: Date;
}

const LIVE_STATES = ["pending", "running", "stopping", "stopped"];

export async function findInstancesByTag(ec2: EC2Client, rt: Runtime, key: string, value: string): Promise<InstanceInfo[]> {
  const out: InstanceInfo[] = [];
  let token: string | undefined;
  do {
    const page = await aws(rt, () =>
      ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: `tag:${key}`, Values: [value] },
            { Name: "instance-state-name", Values: LIVE_STATES },
          ],
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) if (i.InstanceId) out.push(instanceInfo(i));
    token = page.NextToken;
  } while (token);
  return out;
}

function instanceInfo(i: { InstanceId?: string; State?: { Name?: string }; Tags?: Tag[]; LaunchTime?: Date }): InstanceInfo {
  return { id: i.InstanceId ?? "", state: i.State?.Name ?? "unknown", tags: tagMap(i.Tags), ...(i.LaunchTime ? { launchTime: i.LaunchTime } : {}) };
}

export async function describeInstance(ec2: EC2Client, rt: Runtime, id: string): Promise<InstanceInfo | undefined> {
  try {
    const page = await aws(rt, () => ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] })));
    const i = page.Reservations?.[0]?.Instances?.[0];
    return i ? instanceInfo(i) : undefined;
  } catch (error) {
    // EC2 is eventually consistent: a just-launched instance can be unknown for a few seconds.
    if (errorName(error) === "InvalidInstanceID.NotFound") return undefined;
    throw error;
  }
}

export async function waitInstanceState(
  ec2: EC2Client,
  rt: Runtime,
  id: string,
  target: "running" | "stopped",
  poll: { intervalMs: number; timeoutMs: number },
) {
  await pollUntil(
    rt,
    `builder ${id} reaching ${target}`,
    async () => {
      const info = await describeInstance(ec2, rt, id);
      if (info && (info.state === "terminated" || info.state === "shutting-down")) {
        throw new CwsError("CWS-AMI-BUILDER", `builder ${id} is ${info.state}`, "see the instance's state reason in the EC2 console", EXIT.invalid);
      }
      return info?.state === target ? true : undefined;
    },
    poll,
  );
}

export interface LaunchSpec {
  imageId: string;
  instanceType: string;
  rootDeviceName: string;
  rootVolumeGb: number;
  instanceProfile: string;
  subnetId: string;
  securityGroupIds: string[];
  tags: Tag[];
  clientToken: string;
}

export async function runBuilder(ec2: EC2Client, rt: Runtime, spec: LaunchSpec): Promise<string> {
  const profile = spec.instanceProfile.startsWith("arn:") ? { Arn: spec.instanceProfile } : { Name: spec.instanceProfile };
  const result = await aws(rt, () =>
    ec2.send(
      new RunInstancesCommand({
        ImageId: spec.imageId,
        InstanceType: spec.instanceType as never,
        MinCount: 1,
        MaxCount: 1,
        IamInstanceProfile: profile,
        SubnetId: spec.subnetId,
        SecurityGroupIds: spec.securityGroupIds,
        // IMDSv2 only: the builder runs third-party install scripts, which must not reach role credentials with a plain GET.
        MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 2 },
        BlockDeviceMappings: [{ DeviceName: spec.rootDeviceName, Ebs: { VolumeSize: spec.rootVolumeGb, VolumeType: "gp3", DeleteOnTermination: true } }],
        // Tagged at launch, atomically: a crash right after RunInstances still leaves a builder a rerun can find.
        TagSpecifications: [
          { ResourceType: "instance", Tags: spec.tags },
          { ResourceType: "volume", Tags: spec.tags },
        ],
        ClientToken: spec.clientToken,
      }),
    ),
  );
  const id = result.Instances?.[0]?.InstanceId;
  if (!id) throw new CwsError("CWS-AMI-BUILDER", "RunInstances returned no instance", "retry the build", EXIT.invalid);
  return id;
}

export async function setPhase(ec2: EC2Client, rt: Runtime, id: string, phase: string): Promise<void> {
  await aws(rt, () => ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: TAG.phase, Value: phase }] })));
}

export async function startInstance(ec2: EC2Client, rt: Runtime, id: string): Promise<void> {
  await aws(rt, () => ec2.send(new StartInstancesCommand({ InstanceIds: [id] })));
}

export async function stopInstance(ec2: EC2Client, rt: Runtime, id: string): Promise<void> {
  await aws(rt, () => ec2.send(new StopInstancesCommand({ InstanceIds: [id] })));
}

export async function terminateInstance(ec2: EC2Client, rt: Runtime, id: string): Promise<void> {
  await aws(rt, () => ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })));
}
