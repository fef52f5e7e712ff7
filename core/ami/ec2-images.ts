import {
  CopyImageCommand,
  CreateImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  type EC2Client,
  type Image,
  ModifyImageAttributeCommand,
  type Tag,
} from "@aws-sdk/client-ec2";
import { CwsError, EXIT } from "../errors.js";
import { aws, errorName, pollUntil, type Runtime } from "./runtime.js";
import { launchPermissions } from "./sharing.js";
import { TAG, tagMap } from "./tags.js";
import type { Sharing } from "./types.js";

/** Thin EC2 image calls, each retried on throttling. Images are only ever looked up by id or by our tags, never by name. */

export interface ImageInfo {
  id: string;
  state: string;
  ownerId: string;
  createdAt: string;
  tags: Record<string, string>;
  public: boolean;
  deprecationTime?: string;
  rootDeviceName?: string;
  /** Size of the root device's snapshot; a builder's root volume can be no smaller. */
  rootVolumeGb?: number;
  architecture?: string;
  snapshotIds: string[];
}

function imageInfo(i: Image): ImageInfo {
  const rootSize = (i.BlockDeviceMappings ?? []).find((m) => m.DeviceName === i.RootDeviceName)?.Ebs?.VolumeSize;
  return {
    id: i.ImageId ?? "",
    state: i.State ?? "unknown",
    ownerId: i.OwnerId ?? "",
    createdAt: i.CreationDate ?? "",
    tags: tagMap(i.Tags),
    public: i.Public === true,
    ...(i.DeprecationTime ? { deprecationTime: i.DeprecationTime } : {}),
    ...(i.RootDeviceName ? { rootDeviceName: i.RootDeviceName } : {}),
    ...(rootSize !== undefined ? { rootVolumeGb: rootSize } : {}),
    ...(i.Architecture ? { architecture: i.Architecture } : {}),
    snapshotIds: (i.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : [])),
  };
}

export async function describeImage(ec2: EC2Client, rt: Runtime, id: string): Promise<ImageInfo | undefined> {
  try {
    const page = await aws(rt, () => ec2.send(new DescribeImagesCommand({ ImageIds: [id] })));
    const image = page.Images?.[0];
    return image ? imageInfo(image) : undefined;
  } catch (error) {
    if (errorName(error) === "InvalidAMIID.NotFound" || errorName(error) === "InvalidAMIID.Unavailable") return undefined;
    throw error;
  }
}

/**
 * The image with this id, asked for only among the images of `owner` (a 12-digit account), so
 * EC2 itself filters by owner: the answer is empty, never someone else's image, when the id is
 * not that account's. Every image returned is passed back for the caller to check.
 */
export async function describeImageOwnedBy(ec2: EC2Client, rt: Runtime, id: string, owner: string): Promise<ImageInfo[]> {
  if (!/^\d{12}$/.test(owner)) throw new CwsError("CWS-AMI-SOURCE", `"${owner}" is not an account id`, "name a 12-digit AWS account", EXIT.invalid);
  try {
    const page = await aws(rt, () => ec2.send(new DescribeImagesCommand({ ImageIds: [id], Owners: [owner] })));
    return (page.Images ?? []).map(imageInfo);
  } catch (error) {
    if (errorName(error) === "InvalidAMIID.NotFound" || errorName(error) === "InvalidAMIID.Unavailable") return [];
    throw error;
  }
}

/** Our own images with a tag, in any state but deregistered. */
export async function findImagesByTag(ec2: EC2Client, rt: Runtime, key: string, value?: string): Promise<ImageInfo[]> {
  const out: ImageInfo[] = [];
  let token: string | undefined;
  do {
    const page = await aws(rt, () =>
      ec2.send(
        new DescribeImagesCommand({
          Owners: ["self"],
          Filters: [value === undefined ? { Name: "tag-key", Values: [key] } : { Name: `tag:${key}`, Values: [value] }],
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    out.push(...(page.Images ?? []).map(imageInfo));
    token = page.NextToken;
  } while (token);
  return out;
}

/** The usable image of a build in this region: available first, else one still pending; failed ones are ignored. */
export async function findBuildImage(ec2: EC2Client, rt: Runtime, buildKey: string): Promise<ImageInfo | undefined> {
  const images = (await findImagesByTag(ec2, rt, TAG.buildKey, buildKey)).filter((i) => i.state === "available" || i.state === "pending");
  images.sort((a, b) => (a.state === b.state ? (a.createdAt < b.createdAt ? 1 : -1) : a.state === "available" ? -1 : 1));
  return images[0];
}

export async function waitImageAvailable(ec2: EC2Client, rt: Runtime, id: string, poll: { intervalMs: number; timeoutMs: number }): Promise<ImageInfo> {
  return pollUntil(
    rt,
    `image ${id} becoming available`,
    async () => {
      const image = await describeImage(ec2, rt, id);
      if (image && (image.state === "failed" || image.state === "invalid" || image.state === "error" || image.state === "deregistered")) {
        throw new CwsError(
          "CWS-AMI-IMAGE",
          `image ${id} is ${image.state}`,
          "see the image's state reason in the EC2 console; a rerun creates it again",
          EXIT.invalid,
        );
      }
      return image?.state === "available" ? image : undefined;
    },
    poll,
  );
}

export async function createImage(ec2: EC2Client, rt: Runtime, input: { instanceId: string; name: string; description: string; tags: Tag[] }): Promise<string> {
  const result = await aws(rt, () =>
    ec2.send(
      new CreateImageCommand({
        InstanceId: input.instanceId,
        Name: input.name,
        Description: input.description,
        TagSpecifications: [
          { ResourceType: "image", Tags: input.tags },
          { ResourceType: "snapshot", Tags: input.tags },
        ],
      }),
    ),
  );
  if (!result.ImageId) throw new CwsError("CWS-AMI-IMAGE", "CreateImage returned no image id", "retry the build", EXIT.invalid);
  return result.ImageId;
}

export async function copyImage(
  ec2: EC2Client,
  rt: Runtime,
  input: { sourceRegion: string; sourceImageId: string; name: string; description: string; tags: Tag[]; clientToken: string },
): Promise<string> {
  const result = await aws(rt, () =>
    ec2.send(
      new CopyImageCommand({
        SourceRegion: input.sourceRegion,
        SourceImageId: input.sourceImageId,
        Name: input.name,
        Description: input.description,
        ClientToken: input.clientToken,
        TagSpecifications: [
          { ResourceType: "image", Tags: input.tags },
          { ResourceType: "snapshot", Tags: input.tags },
        ],
      }),
    ),
  );
  if (!result.ImageId) throw new CwsError("CWS-AMI-IMAGE", "CopyImage returned no image id", "rerun to retry the copy", EXIT.invalid);
  return result.ImageId;
}

/** Adds launch permissions; with none to add the image stays private and nothing is called. */
export async function shareImage(ec2: EC2Client, rt: Runtime, id: string, sharing: Sharing): Promise<boolean> {
  const add = launchPermissions(sharing);
  if (add.length === 0) return false;
  await aws(rt, () => ec2.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: add } })));
  return true;
}

/** Deregisters one of our images and deletes its snapshots. */
export async function discardImage(ec2: EC2Client, rt: Runtime, image: ImageInfo): Promise<void> {
  await aws(rt, () => ec2.send(new DeregisterImageCommand({ ImageId: image.id })));
  for (const snapshot of image.snapshotIds) await aws(rt, () => ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot })));
}
