import {
  CreateImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type Instance,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { awsError } from "../../cli/helpers/ec2-fake.js";

export const ACCOUNT = "111122223333";

export interface FakeWorkstation {
  id: string;
  region: string;
  name?: string;
  instanceType: string;
  architecture: string;
  state?: string;
  tags?: Record<string, string>;
  securityGroups?: { id: string; ports: number[] }[];
}

export interface Call {
  command: string;
  region: string;
  input: Record<string, unknown>;
}

interface FakeImage {
  id: string;
  region: string;
  instanceId: string;
  architecture: string;
  polls: number;
  input: Record<string, unknown>;
}

/**
 * A stateful EC2 for `cws marketplace publish <instance>` on aws-sdk-client-mock, in the style of
 * tests/cli/helpers/ec2-fake.ts: DescribeInstances by id or Name tag, DescribeSecurityGroups,
 * CreateImage, and DescribeImages that reports pending until polled `pollsUntilAvailable` times.
 */
export class PublishEc2Fake {
  readonly calls: Call[] = [];
  readonly workstations: FakeWorkstation[] = [];
  readonly images = new Map<string, FakeImage>();
  pollsUntilAvailable = 3;
  /** Where new images end up. */
  finalImageState: "available" | "failed" = "available";
  private mock: { restore(): void } | undefined;

  install(): this {
    const ec2 = mockClient(EC2Client);
    ec2.onAnyCommand().rejects(new Error("the fake does not implement this EC2 command"));
    ec2
      .on(DescribeInstancesCommand)
      .callsFake((input, getClient) => this.handle("DescribeInstances", input, getClient, (r, i) => this.describeInstances(r, i)));
    ec2
      .on(DescribeSecurityGroupsCommand)
      .callsFake((input, getClient) => this.handle("DescribeSecurityGroups", input, getClient, (r, i) => this.describeSecurityGroups(r, i)));
    ec2.on(CreateImageCommand).callsFake((input, getClient) => this.handle("CreateImage", input, getClient, (r, i) => this.createImage(r, i)));
    ec2.on(DescribeImagesCommand).callsFake((input, getClient) => this.handle("DescribeImages", input, getClient, (r, i) => this.describeImages(r, i)));
    this.mock = ec2;
    return this;
  }

  restore(): void {
    this.mock?.restore();
  }

  add(w: FakeWorkstation): this {
    this.workstations.push(w);
    return this;
  }

  callsOf(command: string): Call[] {
    return this.calls.filter((c) => c.command === command);
  }

  private async handle(
    command: string,
    input: unknown,
    getClient: () => { config: { region: unknown } },
    handler: (region: string, input: Record<string, unknown>) => unknown,
  ): Promise<unknown> {
    const configured = getClient().config.region;
    const region = String(typeof configured === "function" ? await (configured as () => Promise<string>)() : configured);
    const copy = structuredClone(input) as Record<string, unknown>;
    this.calls.push({ command, region, input: copy });
    return handler(region, copy);
  }

  private describeInstances(region: string, input: Record<string, unknown>) {
    const ids = (input.InstanceIds as string[] | undefined) ?? [];
    const filters = (input.Filters as { Name: string; Values: string[] }[] | undefined) ?? [];
    let found = this.workstations.filter((w) => w.region === region);
    if (ids.length > 0) {
      found = found.filter((w) => ids.includes(w.id));
      if (found.length === 0) throw awsError("InvalidInstanceID.NotFound", `The instance ID '${ids.join(", ")}' does not exist`);
    }
    for (const f of filters) {
      if (f.Name === "tag:Name") found = found.filter((w) => w.name !== undefined && f.Values.includes(w.name));
      else if (f.Name === "instance-state-name") found = found.filter((w) => f.Values.includes(w.state ?? "running"));
      else throw new Error(`the fake does not filter on ${f.Name}`);
    }
    const instances: Instance[] = found.map((w) => ({
      InstanceId: w.id,
      InstanceType: w.instanceType as Instance["InstanceType"],
      Architecture: w.architecture as Instance["Architecture"],
      State: { Name: (w.state ?? "running") as NonNullable<Instance["State"]>["Name"] },
      Placement: { AvailabilityZone: `${w.region}a` },
      SecurityGroups: (w.securityGroups ?? []).map((g) => ({ GroupId: g.id, GroupName: g.id })),
      Tags: Object.entries({ ...(w.name ? { Name: w.name } : {}), ...(w.tags ?? {}) }).map(([Key, Value]) => ({ Key, Value })),
    }));
    return { Reservations: instances.length ? [{ Instances: instances }] : [] };
  }

  private describeSecurityGroups(region: string, input: Record<string, unknown>) {
    const ids = (input.GroupIds as string[] | undefined) ?? [];
    const groups = this.workstations
      .filter((w) => w.region === region)
      .flatMap((w) => w.securityGroups ?? [])
      .filter((g) => ids.includes(g.id));
    return {
      SecurityGroups: groups.map((g) => ({
        GroupId: g.id,
        IpPermissions: g.ports.map((p): IpPermission => ({ IpProtocol: "tcp", FromPort: p, ToPort: p, IpRanges: [{ CidrIp: "0.0.0.0/0" }] })),
      })),
    };
  }

  private createImage(region: string, input: Record<string, unknown>) {
    const instanceId = String(input.InstanceId);
    const w = this.workstations.find((x) => x.id === instanceId && x.region === region);
    if (!w) throw awsError("InvalidInstanceID.NotFound", `The instance ID '${instanceId}' does not exist`);
    const id = `ami-${(0xabc000 + this.images.size + 1).toString(16).padStart(17, "0")}`;
    this.images.set(id, { id, region, instanceId, architecture: w.architecture, polls: 0, input });
    return { ImageId: id };
  }

  private describeImages(region: string, input: Record<string, unknown>) {
    const ids = (input.ImageIds as string[] | undefined) ?? [];
    const found = ids.map((id) => this.images.get(id)).filter((i): i is FakeImage => i?.region === region);
    if (found.length === 0) throw awsError("InvalidAMIID.NotFound", `The image id '[${ids.join(", ")}]' does not exist`);
    return {
      Images: found.map((i) => {
        i.polls += 1;
        const state = i.polls >= this.pollsUntilAvailable ? this.finalImageState : "pending";
        return {
          ImageId: i.id,
          OwnerId: ACCOUNT,
          State: state,
          Architecture: i.architecture,
          CreationDate: "2026-11-02T10:00:00.000Z",
          Name: i.input.Name,
          ...(state === "failed" ? { StateReason: { Code: "Client.InternalError", Message: "Snapshot creation failed." } } : {}),
        };
      }),
    };
  }
}
