import type { Filter, LaunchPermission, Tag, TagSpecification } from "@aws-sdk/client-ec2";

export const ACCOUNT = "123456789012";

export interface FakeInstance {
  id: string;
  region: string;
  state: string;
  tags: Record<string, string>;
  imageId: string;
  instanceType: string;
  launchTime: Date;
  metadataTokens?: string;
  profile?: string;
  /** Root volume size RunInstances asked for. */
  rootVolumeGb?: number;
  /** Describe calls left before a pending/stopping/shutting-down instance moves on. */
  settle: number;
  /** DescribeInstanceInformation calls left before SSM reports it Online. */
  onlineIn: number;
}

export interface FakeImage {
  id: string;
  region: string;
  state: string;
  ownerId: string;
  name: string;
  createdAt: string;
  tags: Record<string, string>;
  architecture: string;
  launchPermissions: LaunchPermission[];
  deprecationTime?: string;
  snapshotIds: string[];
  /** Size of the root snapshot; RunInstances refuses a smaller root volume, as EC2 does. */
  rootVolumeGb?: number;
  /** Describe calls left before a pending image turns available. */
  settle: number;
  /** The instance state CreateImage saw (the tests check it was stopped). */
  fromInstanceState?: string;
}

export interface FakeCommand {
  id: string;
  region: string;
  instanceId: string;
  comment: string;
  /** The bash script the step carried, decoded. */
  script: string;
  polls: number;
  status?: string;
}

export interface CommandOutcome {
  status: "Success" | "Failed" | "TimedOut";
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

let counter = 0;
export const hex = (n: number) => {
  counter += 1;
  return (counter.toString(16) + Math.floor(Math.random() * 16 ** 8).toString(16)).padStart(n, "0").slice(-n);
};

export function err(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

export function tagsOf(specs: TagSpecification[] | undefined, type: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of specs ?? []) if (s.ResourceType === type) for (const t of s.Tags ?? []) if (t.Key) out[t.Key] = t.Value ?? "";
  return out;
}

export const tagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export function matches(filters: Filter[] | undefined, tags: Record<string, string>, fields: Record<string, string>): boolean {
  return (filters ?? []).every((f) => {
    const values = f.Values ?? [];
    if (f.Name === "tag-key") return values.some((k) => k in tags);
    if (f.Name?.startsWith("tag:")) return values.includes(tags[f.Name.slice(4)] ?? "\0");
    return values.includes(fields[f.Name ?? ""] ?? "\0");
  });
}

/**
 * The fake's state and its EC2 instance semantics; images (fake-world-images.ts) and SSM
 * (fake-world-ssm.ts) build on it. Handlers take the SDK input and return the SDK output shape.
 */
export class WorldInstances {
  clock = Date.parse("2026-11-01T00:00:00Z");
  readonly instances = new Map<string, FakeInstance>();
  readonly images = new Map<string, FakeImage>();
  readonly snapshots = new Map<string, { region: string; deleted: boolean }>();
  readonly commands = new Map<string, FakeCommand>();
  /** How many describes a transition takes. */
  settle = { instance: 1, image: 2, online: 2, command: 1 };
  ssmOnline = true;
  /** Regions where CopyImage produces an image that fails instead of becoming available. */
  copyFailsIn = new Set<string>();
  /** The result of each Run Command step; the default succeeds with empty output. */
  respond: (command: FakeCommand) => CommandOutcome = () => ({ status: "Success", exitCode: 0 });

  get now(): string {
    return new Date(this.clock).toISOString();
  }

  addImage(partial: Partial<FakeImage> & { region: string }): FakeImage {
    const image: FakeImage = {
      id: `ami-${hex(17)}`,
      state: "available",
      ownerId: ACCOUNT,
      name: `image-${hex(6)}`,
      createdAt: this.now,
      tags: {},
      architecture: "x86_64",
      launchPermissions: [],
      snapshotIds: [],
      settle: 0,
      ...partial,
    };
    if (image.snapshotIds.length === 0) {
      const snap = `snap-${hex(17)}`;
      this.snapshots.set(snap, { region: image.region, deleted: false });
      image.snapshotIds = [snap];
    }
    this.images.set(image.id, image);
    return image;
  }

  // ---- EC2: instances ----

  runInstances(region: string, input: Record<string, never>) {
    const image = this.images.get(input.ImageId ?? "");
    if (!image || image.region !== region) throw err("InvalidAMIID.NotFound", `The image id '[${input.ImageId}]' does not exist`);
    const size = (input.BlockDeviceMappings as { Ebs?: { VolumeSize?: number } }[] | undefined)?.[0]?.Ebs?.VolumeSize;
    if (size !== undefined && image.rootVolumeGb !== undefined && size < image.rootVolumeGb)
      throw err("InvalidBlockDeviceMapping", `Volume of size ${size}GB is smaller than snapshot, expect size >= ${image.rootVolumeGb}GB`);
    const id = `i-${hex(17)}`;
    const meta = input.MetadataOptions as { HttpTokens?: string } | undefined;
    const profile = input.IamInstanceProfile as { Name?: string; Arn?: string } | undefined;
    this.instances.set(id, {
      id,
      region,
      state: "pending",
      tags: tagsOf(input.TagSpecifications, "instance"),
      imageId: image.id,
      instanceType: input.InstanceType ?? "",
      launchTime: new Date(this.clock),
      ...(meta?.HttpTokens ? { metadataTokens: meta.HttpTokens } : {}),
      ...(profile ? { profile: profile.Name ?? profile.Arn ?? "" } : {}),
      ...(size !== undefined ? { rootVolumeGb: size } : {}),
      settle: this.settle.instance,
      onlineIn: this.settle.online,
    });
    return { Instances: [{ InstanceId: id, State: { Name: "pending" } }] };
  }

  private advance(i: FakeInstance): void {
    if (i.settle > 0) {
      i.settle -= 1;
      return;
    }
    const next: Record<string, string> = { pending: "running", stopping: "stopped", "shutting-down": "terminated" };
    if (next[i.state]) {
      i.state = next[i.state] as string;
      if (i.state === "running") i.onlineIn = this.settle.online;
    }
  }

  describeInstances(region: string, input: { InstanceIds?: string[]; Filters?: Filter[] }) {
    let list = [...this.instances.values()].filter((i) => i.region === region);
    if (input.InstanceIds) {
      for (const id of input.InstanceIds) if (!list.some((i) => i.id === id)) throw err("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
      list = list.filter((i) => input.InstanceIds?.includes(i.id));
    }
    for (const i of list) this.advance(i);
    list = list.filter((i) => matches(input.Filters, i.tags, { "instance-state-name": i.state }));
    const Instances = list.map((i) => ({ InstanceId: i.id, State: { Name: i.state }, Tags: tagList(i.tags), LaunchTime: i.launchTime, ImageId: i.imageId }));
    return { Reservations: Instances.length > 0 ? [{ Instances }] : [] };
  }

  setInstanceStates(region: string, input: { InstanceIds?: string[] }, action: "start" | "stop" | "terminate") {
    for (const id of input.InstanceIds ?? []) {
      const i = this.instances.get(id);
      if (!i || i.region !== region) throw err("InvalidInstanceID.NotFound", `The instance ID '${id}' does not exist`);
      if (action === "terminate") {
        if (i.state !== "terminated") i.state = "shutting-down";
      } else if (action === "stop") {
        if (i.state !== "running") throw err("IncorrectInstanceState", `instance ${id} is ${i.state}`);
        i.state = "stopping";
      } else {
        if (i.state !== "stopped") throw err("IncorrectInstanceState", `instance ${id} is ${i.state}`);
        i.state = "pending";
      }
      i.settle = this.settle.instance;
    }
    return {};
  }

  createTags(region: string, input: { Resources?: string[]; Tags?: Tag[] }) {
    for (const id of input.Resources ?? []) {
      const target = this.instances.get(id) ?? this.images.get(id);
      if (!target || target.region !== region) throw err("InvalidID", `resource ${id} does not exist`);
      for (const t of input.Tags ?? []) if (t.Key) target.tags[t.Key] = t.Value ?? "";
    }
    return {};
  }
}
