import type { EC2Client, Instance, Tag } from "@aws-sdk/client-ec2";
import { awsError as mapAwsError } from "../aws/errors.js";
import { CwsError, EXIT } from "../errors.js";
import type { Architecture } from "../types/generated.js";
import type { CapturedImage, WorkstationFacts } from "./scaffold.js";

/**
 * The AWS edge of `cws marketplace publish <instance>`: DescribeInstances (and the instance's
 * security groups, for its ports), CreateImage and a DescribeImages wait. The SDK is imported
 * lazily so the other publishing commands never load it. Credentials and region follow the SDK's
 * chain; CWS_EC2_ENDPOINT points at an emulator.
 */

type Env = Readonly<Record<string, string | undefined>>;
type Sdk = typeof import("@aws-sdk/client-ec2");

/** The clock and waits of the image wait, replaceable by tests. */
export const imageWait = {
  sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)),
  now: () => Date.now(),
  pollIntervalMs: 15_000,
  /** Large root volumes take a while to snapshot; after this the image may still finish. */
  maxWaitMs: 90 * 60_000,
};

export interface Ec2 {
  region: string;
  describeWorkstation(ref: string): Promise<WorkstationFacts>;
  createImage(input: CreateImageInput): Promise<string>;
  waitForImage(imageId: string, progress: (state: string, elapsedMs: number) => void): Promise<CapturedImage & { architecture?: string }>;
  destroy(): void;
}

export interface CreateImageInput {
  instanceId: string;
  name: string;
  description: string;
  /** Reboot the instance for a consistent file system (AWS's default), or image it while running. */
  reboot: boolean;
  tags: Record<string, string>;
}

export async function openEc2(region: string, env: Env = process.env): Promise<Ec2> {
  const sdk: Sdk = await import("@aws-sdk/client-ec2");
  const client: EC2Client = new sdk.EC2Client({ region, ...(env.CWS_EC2_ENDPOINT ? { endpoint: env.CWS_EC2_ENDPOINT } : {}) });
  return {
    region,
    describeWorkstation: (ref) => describeWorkstation(sdk, client, region, ref),
    createImage: async (input) => {
      const tags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
      const answer = await call("CreateImage", () =>
        client.send(
          new sdk.CreateImageCommand({
            InstanceId: input.instanceId,
            Name: input.name,
            Description: input.description,
            NoReboot: !input.reboot,
            TagSpecifications: [
              { ResourceType: "image", Tags: tags },
              { ResourceType: "snapshot", Tags: tags },
            ],
          }),
        ),
      );
      if (!answer.ImageId) throw new CwsError("CREATE_IMAGE", "EC2 accepted CreateImage but returned no image id", "check the EC2 console", EXIT.failed);
      return answer.ImageId;
    },
    waitForImage: (imageId, progress) => waitForImage(sdk, client, region, imageId, progress),
    destroy: () => client.destroy(),
  };
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

async function describeWorkstation(sdk: Sdk, client: EC2Client, region: string, ref: string): Promise<WorkstationFacts> {
  const byId = INSTANCE_ID.test(ref);
  const input = byId
    ? { InstanceIds: [ref] }
    : {
        Filters: [
          { Name: "tag:Name", Values: [ref] },
          { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] },
        ],
      };
  let instances: Instance[];
  try {
    const answer = await client.send(new sdk.DescribeInstancesCommand(input));
    instances = (answer.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  } catch (error) {
    if ((error as { name?: string }).name === "InvalidInstanceID.NotFound") instances = [];
    else throw awsError(error, "DescribeInstances");
  }
  if (instances.length === 0) {
    throw new CwsError(
      "INSTANCE_NOT_FOUND",
      `no instance ${byId ? ref : `named "${ref}"`} in ${region}`,
      "check the id or Name tag, and pass --region where it runs",
      EXIT.notFound,
    );
  }
  if (instances.length > 1) {
    throw new CwsError(
      "INSTANCE_AMBIGUOUS",
      `${instances.length} instances are named "${ref}" in ${region}: ${instances.map((i) => i.InstanceId).join(", ")}`,
      "pass the instance id instead of the name",
      EXIT.usage,
    );
  }
  const instance = instances[0] as Instance;
  const id = instance.InstanceId ?? ref;
  const state = instance.State?.Name;
  if (state === "terminated" || state === "shutting-down") {
    throw new CwsError("INSTANCE_GONE", `${id} is ${state}`, "publish from a running or stopped instance", EXIT.refused);
  }
  const architecture = toArchitecture(instance.Architecture);
  if (!architecture) {
    throw new CwsError(
      "UNSUPPORTED_ARCHITECTURE",
      `${id} runs ${instance.Architecture ?? "an unknown architecture"}; templates support x86_64 and arm64`,
      "publish from an x86_64 or arm64 (Graviton) instance",
      EXIT.refused,
    );
  }
  const tags = tagMap(instance.Tags);
  return {
    instanceId: id,
    ...(tags.Name ? { name: tags.Name } : {}),
    region,
    architecture,
    instanceType: instance.InstanceType ?? "",
    ports: await securityGroupPorts(sdk, client, (instance.SecurityGroups ?? []).map((g) => g.GroupId ?? "").filter(Boolean)),
    tags,
  };
}

/** Single TCP ports opened to anyone or anything by the instance's security groups. Best effort: no permission, no ports. */
async function securityGroupPorts(sdk: Sdk, client: EC2Client, groupIds: string[]): Promise<number[]> {
  if (groupIds.length === 0) return [];
  try {
    const answer = await client.send(new sdk.DescribeSecurityGroupsCommand({ GroupIds: groupIds }));
    const ports = new Set<number>();
    for (const group of answer.SecurityGroups ?? []) {
      for (const rule of group.IpPermissions ?? []) {
        if (rule.IpProtocol !== "tcp" || rule.FromPort === undefined || rule.FromPort !== rule.ToPort) continue;
        if (rule.FromPort >= 1 && rule.FromPort <= 65535) ports.add(rule.FromPort);
      }
    }
    return [...ports].sort((a, b) => a - b);
  } catch {
    return [];
  }
}

const FAILED = new Set(["failed", "invalid", "error", "deregistered", "disabled"]);

async function waitForImage(
  sdk: Sdk,
  client: EC2Client,
  region: string,
  imageId: string,
  progress: (state: string, elapsedMs: number) => void,
): Promise<CapturedImage & { architecture?: string }> {
  const started = imageWait.now();
  let state = "pending";
  for (;;) {
    let image: import("@aws-sdk/client-ec2").Image | undefined;
    try {
      const answer = await client.send(new sdk.DescribeImagesCommand({ ImageIds: [imageId] }));
      image = answer.Images?.[0];
    } catch (error) {
      // EC2 is eventually consistent: a brand-new image id may not be visible yet.
      if (!((error as { name?: string }).name ?? "").startsWith("InvalidAMIID")) throw awsError(error, "DescribeImages");
    }
    state = image?.State ?? "pending";
    if (image && state === "available") {
      return {
        imageId,
        region,
        ownerId: image.OwnerId ?? "",
        instanceId: "",
        ...(image.CreationDate ? { createdAt: image.CreationDate } : {}),
        ...(image.Architecture ? { architecture: image.Architecture } : {}),
      };
    }
    if (FAILED.has(state)) {
      const reason = image?.StateReason?.Message ?? image?.StateReason?.Code ?? "no reason given";
      throw new CwsError("IMAGE_FAILED", `image ${imageId} ended ${state}: ${reason}`, "nothing was published; fix the cause and retry", EXIT.failed);
    }
    const elapsed = imageWait.now() - started;
    if (elapsed >= imageWait.maxWaitMs) {
      throw new CwsError(
        "IMAGE_TIMEOUT",
        `image ${imageId} is still ${state} after ${Math.round(elapsed / 60_000)} minutes`,
        `nothing was published; when aws ec2 describe-images --image-ids ${imageId} --region ${region} says available, rerun with --image ${imageId}`,
        EXIT.failed,
      );
    }
    progress(state, elapsed);
    await imageWait.sleep(imageWait.pollIntervalMs);
  }
}

function toArchitecture(value: string | undefined): Architecture | undefined {
  if (value === "x86_64") return "x86_64";
  if (value === "arm64") return "arm64";
  return undefined;
}

function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}

async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw awsError(error, action);
  }
}

function awsError(error: unknown, action: string): CwsError {
  return mapAwsError(error, {
    action,
    denied: "ask for ec2:DescribeInstances, ec2:CreateImage, ec2:CreateTags and ec2:DescribeImages",
    retry: "nothing was published; fix the cause and retry",
  });
}

/** An AMI name (letters, digits, spaces and ()[]./-'@_, unique per account and region) for a capture. */
export function captureName(templateId: string, version: string, arch: string, instanceId: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").slice(0, 15);
  return `cws/${templateId}/${version}/${arch}/from-${instanceId}-${stamp}`.replace(/[^A-Za-z0-9 ()[\]./'@_-]/g, "-").slice(0, 128);
}
