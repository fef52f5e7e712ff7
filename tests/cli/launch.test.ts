// `cws launch` end to end, in-process through main(): a signed marketplace served on loopback,
// EC2 and SSM faked with aws-sdk-client-mock, and a loopback usage API.

import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setRuntime } from "../../cli/src/launch/runtime.js";
import { validatorFor } from "../../core/schema/ajv.js";
import {
  awsError,
  Ec2Fake,
  type FakeImage,
  GENOMICS_AMI,
  OWNER,
  startTestMarketplace,
  startUsageApi,
  type TestMarketplace,
  type UsageApi,
} from "./helpers/ec2-fake.js";
import { runLaunch, stubLaunchEnv } from "./helpers/launch-env.js";

const UBUNTU_24 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
const UBUNTU_20 = "/aws/service/canonical/ubuntu/server/20.04/stable/current/amd64/hvm/ebs-gp2/ami-id";
const CANONICAL = "099720109477";
const BASE_EU = "ami-0b0b0b0b0b0b0b0b0";
const BASE_US = "ami-0c0c0c0c0c0c0c0c0";
const FOCAL_US = "ami-0d0d0d0d0d0d0d0d0";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let market: TestMarketplace;
let api: UsageApi;
let fake: Ec2Fake;
let home: string;
let restoreRuntime: () => void;

beforeAll(async () => {
  market = await startTestMarketplace();
  api = await startUsageApi();
});
afterAll(async () => {
  await market?.close();
  await api?.close();
});

beforeEach(() => {
  home = stubLaunchEnv("cws-launch-home-", api.url);
  api.requests.length = 0;
  api.status = 202;
  fake = new Ec2Fake().install();
  fake.pollsUntilRunning = 3;
  fake.image({ ImageId: GENOMICS_AMI, OwnerId: OWNER, region: "us-east-1" });
  fake.image({ ImageId: BASE_EU, OwnerId: CANONICAL, region: "eu-west-1" }).parameter("eu-west-1", UBUNTU_24, BASE_EU);
  fake.image({ ImageId: BASE_US, OwnerId: CANONICAL, region: "us-east-1" }).parameter("us-east-1", UBUNTU_24, BASE_US);
  fake.image({ ImageId: FOCAL_US, OwnerId: CANONICAL, region: "us-east-1" }).parameter("us-east-1", UBUNTU_20, FOCAL_US);
  restoreRuntime = setRuntime({ sleep: async () => {}, pollIntervalMs: 5_000 });
});

afterEach(() => {
  fake.restore();
  restoreRuntime();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

const cws = (...args: string[]): Promise<Run> => runLaunch(market, ...args);

const queued = () => {
  try {
    return readdirSync(join(home, "state", "cws", "marketplace", "usage-queue")).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
};
const runInput = () => fake.callsOf("RunInstances")[0]?.input as Record<string, unknown> & { UserData?: string };
const tags = () =>
  Object.fromEntries(((runInput()?.TagSpecifications as { Tags: { Key: string; Value: string }[] }[])?.[0]?.Tags ?? []).map((t) => [t.Key, t.Value]));

describe("cws launch with a prebuilt AMI", () => {
  it("checks the owner, launches with IMDSv2, waits until running and reports usage", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws");
    expect(run.stderr).not.toContain("error");
    expect(run.status).toBe(0);

    const commands = fake.calls.map((c) => c.command);
    expect(commands.slice(0, 2)).toEqual(["DescribeImages", "RunInstances"]);
    expect(fake.callsOf("DescribeImages")[0]).toMatchObject({ region: "us-east-1", input: { ImageIds: [GENOMICS_AMI], Owners: [OWNER] } });
    expect(fake.calls.every((c) => !("Filters" in c.input))).toBe(true);

    const input = runInput();
    expect(fake.callsOf("RunInstances")[0]?.region).toBe("us-east-1");
    expect(input).toMatchObject({
      ImageId: GENOMICS_AMI,
      InstanceType: "r7i.2xlarge",
      MinCount: 1,
      MaxCount: 1,
      MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled" },
      BlockDeviceMappings: [{ DeviceName: "/dev/sda1", Ebs: { VolumeSize: 200 } }],
    });
    expect(input.ClientToken).toMatch(UUID);
    expect(tags()).toEqual({ Name: "my-ws", "cws:template": "genomics-pipeline-v3", "cws:template-version": "3.2.2", "cws:marketplace": market.url });
    // Only the parameterised post_install runs on the AMI, with the default reference genome.
    expect(Buffer.from(input.UserData ?? "", "base64").toString("utf8")).toContain("REF='GRCh38'");

    // Pending for two polls, then running.
    expect(fake.callsOf("DescribeInstances")).toHaveLength(3);
    expect(run.stderr).toMatch(/i-0+1: pending \(\d+s\)/);
    expect(run.stderr).toContain("i-00000000000000001: running");
    expect(run.stdout).toContain("i-00000000000000001 is running");
    expect(run.stdout).toContain("ec2-203-0-113-10.compute-1.amazonaws.com");
    expect(run.stdout).toContain("aws ssm start-session --target i-00000000000000001 --region us-east-1");

    // Both events reached the API and left the queue.
    expect(queued()).toEqual([]);
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", "/api/v1/marketplace/templates/genomics-pipeline-v3/usage"],
      ["POST", "/api/v1/marketplace/templates/genomics-pipeline-v3/usage"],
    ]);
    const validate = validatorFor("usageEvent");
    const bodies = api.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    for (const [i, body] of bodies.entries()) {
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
      expect(api.requests[i]?.headers["idempotency-key"]).toBe(body.event_id);
    }
    expect(bodies[0]).toMatchObject({
      event: "launch",
      template_id: "genomics-pipeline-v3",
      template_version: "3.2.2",
      region: "us-east-1",
      architecture: "x86_64",
      instance_type: "r7i.2xlarge",
    });
    expect(bodies[0]?.client).toMatch(/^cws\/\d/);
    expect(bodies[1]).toMatchObject({ event: "launch_succeeded", template_id: "genomics-pipeline-v3" });
    expect(typeof bodies[1]?.duration_ms).toBe("number");
    expect(bodies[0]?.event_id).not.toBe(bodies[1]?.event_id);
    // The launch event's id is also RunInstances' idempotency token.
    expect(input.ClientToken).toBe(bodies[0]?.event_id);
  });

  it("prints a result object with --json and installs a key pair with --key-name", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws", "--json", "--key-name", "lab-key");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      dry_run: false,
      template_id: "genomics-pipeline-v3",
      region: "us-east-1",
      instance_type: "r7i.2xlarge",
      image: { source: "marketplace-ami", image_id: GENOMICS_AMI, owner_id: OWNER },
      instance: { instance_id: "i-00000000000000001", state: "running", public_ip: "203.0.113.10" },
    });
    expect(result.connect).toContain("ssh -i ~/.ssh/lab-key.pem ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com");
    expect(runInput()?.KeyName).toBe("lab-key");
  });

  describe("refuses an AMI EC2 does not confirm, and launches nothing", () => {
    const genomicsImage = () => fake.images[0] as FakeImage;
    it.each([
      [
        "owned by another account (EC2 filters it out)",
        () => {
          genomicsImage().OwnerId = "999999999999";
        },
      ],
      [
        "returned with another owner",
        () => {
          genomicsImage().OwnerId = "999999999999";
          fake.ignoreOwnersFilter = true;
        },
      ],
      [
        "missing from the region",
        () => {
          fake.images.splice(0, 1);
        },
      ],
      [
        "deregistered",
        () => {
          genomicsImage().State = "deregistered";
        },
      ],
    ])("when the image is %s", async (_, setup) => {
      setup();
      const run = await cws("marketplace:genomics-pipeline-v3", "my-ws");
      expect(run.status).toBe(4);
      expect(run.stderr).toContain("error AMI_OWNER_MISMATCH: refusing to launch");
      expect(fake.callsOf("DescribeImages")).toHaveLength(1);
      expect(fake.callsOf("RunInstances")).toHaveLength(0);
      expect(run.stdout).toBe("");
      const events = api.requests.map((r) => JSON.parse(r.body) as { event: string; error_code?: string });
      expect(events.map((e) => [e.event, e.error_code])).toEqual([
        ["launch", undefined],
        ["launch_failed", "AMI_OWNER_MISMATCH"],
      ]);
    });

    it("also in a dry run", async () => {
      (fake.images[0] as FakeImage).OwnerId = "999999999999";
      const run = await cws("marketplace:genomics-pipeline-v3", "my-ws", "--dry-run");
      expect(run.status).toBe(4);
      expect(fake.callsOf("RunInstances")).toHaveLength(0);
    });
  });

  it("reports an instance that never runs as a failed launch", async () => {
    fake.finalState = "terminated";
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("did not start: it is terminated (Insufficient capacity.)");
    expect(api.requests.map((r) => JSON.parse(r.body).error_code)).toEqual([undefined, "Server.InsufficientInstanceCapacity"]);
  });

  it("reports RunInstances errors with AWS's error code", async () => {
    fake.runInstancesError = awsError("InsufficientInstanceCapacity", "We currently do not have sufficient r7i.2xlarge capacity");
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("RunInstances failed: We currently do not have sufficient r7i.2xlarge capacity");
    expect(api.requests.map((r) => JSON.parse(r.body).error_code)).toEqual([undefined, "InsufficientInstanceCapacity"]);
  });

  it("gives up waiting after the time limit, naming the instance", async () => {
    fake.pollsUntilRunning = 1_000;
    setRuntime({ maxWaitMs: 20_000, pollIntervalMs: 5_000 });
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws");
    expect(run.status).toBe(1);
    expect(fake.callsOf("DescribeInstances")).toHaveLength(4);
    expect(run.stderr).toMatch(/error LAUNCH_TIMEOUT: i-0+1 is still pending/);
  });
});

describe("cws launch without a prebuilt AMI", () => {
  it("builds from the public base image and installs the environment in user data", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "eu-ws", "--region", "eu-west-1", "--param", "reference_genome=none");
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("no prebuilt AMI in eu-west-1 for x86_64; us-east-1 has one");
    expect(fake.callsOf("GetParameter").map((c) => [c.region, c.input.Name])).toEqual([["eu-west-1", UBUNTU_24]]);
    // The base image is looked up by the id SSM gave, never by name.
    expect(fake.callsOf("DescribeImages").map((c) => c.input)).toEqual([{ ImageIds: [BASE_EU] }]);
    expect(runInput()).toMatchObject({ ImageId: BASE_EU, InstanceType: "r7i.2xlarge", MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled" } });
    const script = Buffer.from(runInput()?.UserData ?? "", "base64").toString("utf8");
    expect(script).toContain("'build-essential' 'zlib1g-dev' 'pigz'");
    expect(script).toContain("'gatk4>=4.6'");
    expect(script).toContain("'pysam>=0.22'");
    expect(script).toContain("useradd --create-home --shell '/bin/bash' 'researcher'");
    expect(script).toContain("REF='none'");
    expect(script).not.toContain("{{");
    expect(tags()["cws:template-version"]).toBe("3.2.2");
  });

  it("refuses a region the template is not offered in, listing the ones it is", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws", "--region", "ap-south-1");
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("genomics-pipeline-v3 is not offered in ap-south-1");
    expect(run.stderr).toContain("us-east-1, us-west-2, eu-west-1");
    expect(fake.calls).toEqual([]);
  });

  it("refuses a missing required parameter or a bad choice before touching AWS", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws", "--param", "reference_genome=hg42");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("GRCh38, GRCh37, T2T-CHM13v2.0, none");
    expect(fake.calls).toEqual([]);
  });
});

describe("cws launch --dry-run", () => {
  it("shows the launch, checks the owner, and neither launches nor reports usage", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws", "--dry-run");
    expect(run.status).toBe(0);
    expect(fake.callsOf("RunInstances")).toHaveLength(0);
    expect(fake.callsOf("DescribeImages")).toHaveLength(1);
    expect(run.stdout).toContain("Dry run");
    expect(run.stdout).toContain(`${GENOMICS_AMI} (prebuilt marketplace AMI; owner ${OWNER} confirmed by EC2)`);
    expect(run.stdout).toContain("r7i.2xlarge (x86_64)");
    expect(run.stdout).toContain("IMDSv2 required");
    expect(run.stdout).toContain(`Name=my-ws, cws:template=genomics-pipeline-v3, cws:template-version=3.2.2, cws:marketplace=${market.url}`);
    expect(run.stdout).toMatch(/user data\s+\d+ bytes: run post_install/);
    expect(api.requests).toEqual([]);
    expect(queued()).toEqual([]);
  });

  it("prints the base image and user data size as JSON", async () => {
    const run = await cws("marketplace:genomics-pipeline-v3", "my-ws", "--dry-run", "--json", "--region", "eu-west-1");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { dry_run: boolean; image: unknown; user_data: { bytes: number; steps: string[] }; instance?: unknown };
    expect(result.dry_run).toBe(true);
    expect(result.instance).toBeUndefined();
    expect(result.image).toEqual({ source: "base-image", image_id: BASE_EU, owner_id: null, ssm_parameter: UBUNTU_24 });
    expect(result.user_data.bytes).toBeGreaterThan(1000);
    expect(result.user_data.steps[0]).toMatch(/^install \d+ system packages \(apt\)$/);
    expect(fake.callsOf("RunInstances")).toHaveLength(0);
  });
});

describe("cws launch: lifecycle, versions and names", () => {
  it("refuses an archived template unless --force", async () => {
    const refused = await cws("marketplace:text-as-data-nlp", "nlp", "--dry-run");
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain("text-as-data-nlp is archived since 2026-10-01");
    expect(refused.stderr).toContain("--force");
    expect(refused.stderr).toContain("jupyter-data-science");
    expect(fake.calls).toEqual([]);

    const forced = await cws("marketplace:text-as-data-nlp", "nlp", "--force");
    expect(forced.status).toBe(0);
    expect(forced.stderr).toContain("launching anyway because of --force");
    expect(runInput()?.ImageId).toBe(BASE_US);
  });

  it("warns about a deprecated template and names its replacement", async () => {
    const run = await cws("marketplace:fsl5-freesurfer6-legacy", "old", "--dry-run");
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: fsl5-freesurfer6-legacy is deprecated since 2025-06-30.*Use neuroimaging-fmriprep instead/);
  });

  it("suggests the closest ids for an unknown id", async () => {
    const run = await cws("marketplace:genomics-pipeline", "my-ws");
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('did you mean "genomics-pipeline-v3"?');
    expect(fake.calls).toEqual([]);
  });

  it("serves only the published version", async () => {
    const old = await cws("marketplace:genomics-pipeline-v3@3.1.0", "my-ws");
    expect(old.status).toBe(3);
    expect(old.stderr).toContain("VERSION_NOT_FOUND");
    expect(old.stderr).toContain("3.2.2");
    expect(fake.calls).toEqual([]);
    expect((await cws("marketplace:genomics-pipeline-v3@3.2.2", "my-ws", "--dry-run")).status).toBe(0);
  });

  it("falls back to the marketplace only for an exact id or name", async () => {
    expect((await cws("genomics-pipeline-v3", "a", "--dry-run")).status).toBe(0);
    expect((await cws("advanced genomics analysis PIPELINE", "b", "--dry-run")).status).toBe(0);
    const fuzzy = await cws("Advanced Genomics Pipeline", "c", "--dry-run");
    expect(fuzzy.status).toBe(3);
    expect(fake.callsOf("DescribeImages")).toHaveLength(2);
  });

  it("hands off to a local CloudWorkstation template of the same name", async () => {
    writeFileSync(join(home, "templates", "genomics.yml"), 'name: "My Genomics"\nslug: genomics-pipeline-v3\ndescription: local one\nbase: ubuntu-22.04\n');
    const local = await cws("genomics-pipeline-v3", "my-ws");
    expect(local.status).toBe(2);
    expect(local.stderr).toContain('local template "My Genomics"');
    expect(local.stderr).toContain("takes precedence");
    expect(local.stderr).toContain("cws launch marketplace:genomics-pipeline-v3 my-ws");
    expect(fake.calls).toEqual([]);

    expect((await cws("marketplace:genomics-pipeline-v3", "my-ws", "--dry-run")).status).toBe(0);
    expect((await cws("genomics-pipeline-v3", "my-ws", "--dry-run", "--prefer-marketplace")).status).toBe(0);
  });
});
