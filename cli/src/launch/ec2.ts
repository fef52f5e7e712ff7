import type { RunInstancesCommandInput } from "@aws-sdk/client-ec2";
import { awsError } from "../../../core/aws/errors.js";
import { CLI_EXIT, cliError } from "../lib/errors.js";
import { type DescribeImagesById, type ImageFacts, verifyAmiOwner } from "./owner-check.js";
import type { LaunchPlan } from "./plan.js";
import { runtime } from "./runtime.js";

/**
 * The IO edge of `cws launch`: EC2 and SSM. The SDK is imported here, lazily, so read commands
 * never load it. Credentials and region follow the SDK's standard chain; CWS_EC2_ENDPOINT and
 * CWS_SSM_ENDPOINT point at an emulator.
 */

export interface InstanceFacts {
  InstanceId?: string | undefined;
  State?: { Name?: string | undefined } | undefined;
  StateReason?: { Code?: string | undefined; Message?: string | undefined } | undefined;
  PublicDnsName?: string | undefined;
  PublicIpAddress?: string | undefined;
  PrivateIpAddress?: string | undefined;
}

/** The only AWS calls a launch makes. DescribeImages takes ids, never filters: images are never looked up by name. */
export interface AwsApi {
  describeImages: DescribeImagesById;
  /** A public SSM parameter's value, or undefined when the region does not have it. */
  getParameter(name: string): Promise<string | undefined>;
  /** Returns the new instance id. */
  runInstances(input: RunInstancesCommandInput): Promise<string>;
  /** undefined while EC2 does not know the id yet (it is eventually consistent). */
  describeInstance(id: string): Promise<InstanceFacts | undefined>;
  destroy(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function openAws(region: string, env: Env = process.env): Promise<AwsApi> {
  const sdk = await import("@aws-sdk/client-ec2");
  const ec2 = new sdk.EC2Client({ region, ...(env.CWS_EC2_ENDPOINT ? { endpoint: env.CWS_EC2_ENDPOINT } : {}) });
  let ssm: { client: import("@aws-sdk/client-ssm").SSMClient; mod: typeof import("@aws-sdk/client-ssm") } | undefined;
  const ssmClient = async () => {
    if (!ssm) {
      const mod = await import("@aws-sdk/client-ssm");
      ssm = { mod, client: new mod.SSMClient({ region, ...(env.CWS_SSM_ENDPOINT ? { endpoint: env.CWS_SSM_ENDPOINT } : {}) }) };
    }
    return ssm;
  };
  return {
    describeImages: async (input) => {
      const answer = await aws(
        "DescribeImages",
        () => ec2.send(new sdk.DescribeImagesCommand({ ImageIds: [...input.ImageIds], ...(input.Owners ? { Owners: [...input.Owners] } : {}) })),
        ["InvalidAMIID"],
      );
      return answer.Images ?? [];
    },
    getParameter: async (name) => {
      const { mod, client } = await ssmClient();
      try {
        const answer = await client.send(new mod.GetParameterCommand({ Name: name }));
        return answer.Parameter?.Value;
      } catch (error) {
        if ((error as { name?: string }).name === "ParameterNotFound") return undefined;
        throw toCliError(error, "SSM GetParameter");
      }
    },
    runInstances: async (input) => {
      const answer = await aws("RunInstances", () => ec2.send(new sdk.RunInstancesCommand(input)));
      const id = answer.Instances?.[0]?.InstanceId;
      if (!id)
        throw cliError(
          "RUN_INSTANCES",
          "EC2 accepted RunInstances but returned no instance id",
          "check the EC2 console for an instance tagged with this name",
          CLI_EXIT.failed,
        );
      return id;
    },
    describeInstance: async (id) => {
      try {
        const answer = await ec2.send(new sdk.DescribeInstancesCommand({ InstanceIds: [id] }));
        return answer.Reservations?.[0]?.Instances?.[0];
      } catch (error) {
        if ((error as { name?: string }).name === "InvalidInstanceID.NotFound") return undefined;
        throw toCliError(error, "DescribeInstances");
      }
    },
    destroy: () => {
      ec2.destroy();
      ssm?.client.destroy();
    },
  };
}

async function aws<T>(action: string, call: () => Promise<T>, passThrough: string[] = []): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (passThrough.some((p) => name.startsWith(p))) throw error;
    throw toCliError(error, action);
  }
}

/** AWS SDK errors as CLI errors whose code is the stable AWS error name (it goes into launch_failed). */
export function toCliError(error: unknown, action: string): Error {
  return awsError(error, {
    action,
    denied: "ask your AWS administrator for ec2:RunInstances, ec2:DescribeImages, ec2:DescribeInstances, ec2:CreateTags and ssm:GetParameter",
    retry: "nothing else was changed; fix the cause and retry (the same command is safe to rerun)",
  });
}

export interface ResolvedImage {
  imageId: string;
  rootDeviceName?: string | undefined;
  /** Set when the owner check against the signed record passed. */
  verifiedOwner?: string | undefined;
  /** Set for base images: the public parameter that named it. */
  parameter?: string | undefined;
}

/** The image to boot: the signed AMI after its owner check, or the base image the public SSM parameter names. */
export async function resolveImage(api: AwsApi, plan: LaunchPlan): Promise<ResolvedImage> {
  if (plan.image.kind === "ami") {
    const image = await verifyAmiOwner(api.describeImages, plan.image.ami, plan.architecture, plan.region);
    return { imageId: plan.image.ami.image_id, rootDeviceName: image.RootDeviceName, verifiedOwner: plan.image.ami.owner_id };
  }
  const { parameter } = plan.image;
  const imageId = await api.getParameter(parameter);
  if (!imageId) {
    throw cliError(
      "BASE_IMAGE_NOT_FOUND",
      `the public SSM parameter ${parameter} does not exist in ${plan.region}`,
      "pick another --region",
      CLI_EXIT.notFound,
    );
  }
  if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) {
    throw cliError("BASE_IMAGE_NOT_FOUND", `${parameter} holds "${imageId}", not an AMI id`, "report it to the marketplace operators", CLI_EXIT.failed);
  }
  let images: ImageFacts[] = [];
  try {
    images = await api.describeImages({ ImageIds: [imageId] });
  } catch (error) {
    if (!((error as { name?: string }).name ?? "").startsWith("InvalidAMIID")) throw error;
  }
  const image = images.find((i) => i.ImageId === imageId);
  if (image?.State !== "available") {
    throw cliError(
      "BASE_IMAGE_NOT_FOUND",
      `base image ${imageId} (from ${parameter}) is not available in ${plan.region}`,
      "retry later, or pick another --region",
      CLI_EXIT.failed,
    );
  }
  return { imageId, rootDeviceName: image.RootDeviceName, parameter };
}

/** RunInstances' input for a plan (pure). IMDSv2 is required; the client token makes a retried call launch once. */
export function runInstancesInput(plan: LaunchPlan, image: ResolvedImage, clientToken: string, keyName?: string): RunInstancesCommandInput {
  const tags = plan.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
  return {
    ImageId: image.imageId,
    InstanceType: plan.instanceType as RunInstancesCommandInput["InstanceType"],
    MinCount: 1,
    MaxCount: 1,
    ClientToken: clientToken,
    MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled" },
    TagSpecifications: [
      { ResourceType: "instance", Tags: tags },
      { ResourceType: "volume", Tags: tags },
    ],
    ...(plan.userData.encoded ? { UserData: plan.userData.encoded.base64 } : {}),
    ...(keyName ? { KeyName: keyName } : {}),
    ...(plan.rootVolumeGb && image.rootDeviceName
      ? { BlockDeviceMappings: [{ DeviceName: image.rootDeviceName, Ebs: { VolumeSize: plan.rootVolumeGb, VolumeType: "gp3", DeleteOnTermination: true } }] }
      : {}),
  };
}

const FAILED_STATES = new Set(["shutting-down", "terminated", "stopping", "stopped"]);

/** Polls DescribeInstances until the instance runs; reports each poll. Throws when it ends up anywhere else or time runs out. */
export async function waitUntilRunning(api: AwsApi, id: string, region: string, progress: (state: string, elapsedMs: number) => void): Promise<InstanceFacts> {
  const started = runtime.now();
  const maxPolls = Math.max(1, Math.ceil(runtime.maxWaitMs / Math.max(1, runtime.pollIntervalMs)));
  let state = "pending";
  for (let poll = 0; poll < maxPolls; poll++) {
    const instance = await api.describeInstance(id);
    state = instance?.State?.Name ?? "pending";
    if (instance && state === "running") return instance;
    if (FAILED_STATES.has(state)) {
      const reason = instance?.StateReason;
      const code = reason?.Code && /^[A-Za-z0-9_.-]{1,64}$/.test(reason.Code) ? reason.Code : "INSTANCE_FAILED";
      throw cliError(
        code,
        `${id} did not start: it is ${state}${reason?.Message ? ` (${reason.Message})` : ""}`,
        `see aws ec2 describe-instances --instance-ids ${id} --region ${region}`,
        CLI_EXIT.failed,
      );
    }
    progress(state, runtime.now() - started);
    await runtime.sleep(runtime.pollIntervalMs);
  }
  throw cliError(
    "LAUNCH_TIMEOUT",
    `${id} is still ${state} after ${Math.round((runtime.now() - started) / 1000)}s`,
    `it may still start; check with aws ec2 describe-instances --instance-ids ${id} --region ${region}`,
    CLI_EXIT.failed,
  );
}
