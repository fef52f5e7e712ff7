import type { Filter, LaunchPermission } from "@aws-sdk/client-ec2";
import { ACCOUNT, err, type FakeImage, hex, matches, tagList, tagsOf, WorldInstances } from "./fake-world.js";

/** Images and snapshots: pending → available after a few describes, copies, sharing, deprecation, deletion. */
export class WorldImages extends WorldInstances {
  private advanceImage(image: FakeImage): void {
    if (image.state !== "pending") return;
    if (image.settle > 0) image.settle -= 1;
    else image.state = this.copyFailsIn.has(image.region) && image.tags.copied === "yes" ? "failed" : "available";
  }

  describeImages(region: string, input: { ImageIds?: string[]; Owners?: string[]; Filters?: Filter[] }) {
    let list = [...this.images.values()].filter((i) => i.region === region && i.state !== "deregistered");
    if (input.ImageIds) {
      for (const id of input.ImageIds) if (!list.some((i) => i.id === id)) throw err("InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
      list = list.filter((i) => input.ImageIds?.includes(i.id));
    }
    if (input.Owners) list = list.filter((i) => input.Owners?.some((o) => o === i.ownerId || (o === "self" && i.ownerId === ACCOUNT)));
    if (!input.ImageIds && !input.Owners && !input.Filters) throw new Error("the fake refuses an unscoped DescribeImages (it would list every public AMI)");
    for (const i of list) this.advanceImage(i);
    list = list.filter((i) => matches(input.Filters, i.tags, { name: i.name, state: i.state }));
    return {
      Images: list.map((i) => ({
        ImageId: i.id,
        State: i.state,
        OwnerId: i.ownerId,
        Name: i.name,
        CreationDate: i.createdAt,
        Architecture: i.architecture,
        RootDeviceName: "/dev/sda1",
        Public: i.launchPermissions.some((p) => p.Group === "all"),
        Tags: tagList(i.tags),
        BlockDeviceMappings: i.snapshotIds.map((s, n) => ({
          DeviceName: n === 0 ? "/dev/sda1" : `/dev/sd${String.fromCharCode(98 + n)}`,
          Ebs: { SnapshotId: s, ...(n === 0 && i.rootVolumeGb !== undefined ? { VolumeSize: i.rootVolumeGb } : {}) },
        })),
        ...(i.deprecationTime ? { DeprecationTime: i.deprecationTime } : {}),
      })),
    };
  }

  createImage(region: string, input: Record<string, never>) {
    const instance = this.instances.get(input.InstanceId ?? "");
    if (!instance || instance.region !== region) throw err("InvalidInstanceID.NotFound", `The instance ID '${input.InstanceId}' does not exist`);
    const base = this.images.get(instance.imageId);
    this.checkName(region, input.Name ?? "");
    const image = this.addImage({
      region,
      state: "pending",
      name: input.Name ?? "",
      tags: tagsOf(input.TagSpecifications, "image"),
      architecture: base?.architecture ?? "x86_64",
      settle: this.settle.image,
      fromInstanceState: instance.state,
      ...(instance.rootVolumeGb !== undefined ? { rootVolumeGb: instance.rootVolumeGb } : {}),
    });
    return { ImageId: image.id };
  }

  copyImage(region: string, input: Record<string, never>) {
    const source = this.images.get(input.SourceImageId ?? "");
    if (!source || source.region !== input.SourceRegion) throw err("InvalidAMIID.NotFound", `The image id '[${input.SourceImageId}]' does not exist`);
    if (source.state !== "available") throw err("IncorrectState", `image ${source.id} is ${source.state}`);
    this.checkName(region, input.Name ?? "");
    const image = this.addImage({
      region,
      state: "pending",
      name: input.Name ?? "",
      tags: { ...tagsOf(input.TagSpecifications, "image"), copied: "yes" },
      architecture: source.architecture,
      settle: this.settle.image,
      ...(source.rootVolumeGb !== undefined ? { rootVolumeGb: source.rootVolumeGb } : {}),
    });
    return { ImageId: image.id };
  }

  private checkName(region: string, name: string): void {
    const taken = [...this.images.values()].some((i) => i.region === region && i.name === name && i.state !== "deregistered" && i.state !== "failed");
    if (taken) throw err("InvalidAMIName.Duplicate", `AMI name ${name} is already in use`);
  }

  private image(region: string, id: string): FakeImage {
    const image = this.images.get(id);
    if (!image || image.region !== region || image.state === "deregistered") throw err("InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
    return image;
  }

  modifyImageAttribute(region: string, input: { ImageId?: string; LaunchPermission?: { Add?: LaunchPermission[] } }) {
    const image = this.image(region, input.ImageId ?? "");
    if (image.state !== "available") throw err("IncorrectState", `image ${image.id} is ${image.state}`);
    image.launchPermissions.push(...(input.LaunchPermission?.Add ?? []));
    return {};
  }

  enableImageDeprecation(region: string, input: { ImageId?: string; DeprecateAt?: Date }) {
    const image = this.image(region, input.ImageId ?? "");
    if (!input.DeprecateAt || input.DeprecateAt.getTime() < this.clock) throw err("InvalidParameterValue", "DeprecateAt must be in the future");
    image.deprecationTime = input.DeprecateAt.toISOString();
    return { Return: true };
  }

  deregisterImage(region: string, input: { ImageId?: string }) {
    this.image(region, input.ImageId ?? "").state = "deregistered";
    return {};
  }

  deleteSnapshot(region: string, input: { SnapshotId?: string }) {
    const snap = this.snapshots.get(input.SnapshotId ?? "");
    if (!snap || snap.region !== region || snap.deleted) throw err("InvalidSnapshot.NotFound", `snapshot ${input.SnapshotId} does not exist`);
    const inUse = [...this.images.values()].some((i) => i.state !== "deregistered" && i.snapshotIds.includes(input.SnapshotId ?? ""));
    if (inUse) throw err("InvalidSnapshot.InUse", `snapshot ${input.SnapshotId} is used by an image`);
    snap.deleted = true;
    return {};
  }

  /** The public base image a parameter names in a region, made on first use. */
  baseImage(region: string, path: string): FakeImage {
    const found = [...this.images.values()].find((i) => i.region === region && i.tags.parameter === path);
    if (found) return found;
    return this.addImage({
      region,
      ownerId: "099720109477",
      architecture: /arm64|aarch64/.test(path) ? "arm64" : "x86_64",
      tags: { parameter: path },
      createdAt: "2026-09-01T00:00:00.000Z",
      name: `base ${hex(4)}`,
    });
  }
}
