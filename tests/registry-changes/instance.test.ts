// `cws marketplace publish <instance>`: DescribeInstances and CreateImage through a stateful EC2
// fake (aws-sdk-client-mock), the change through the loopback git server and GitHub fake.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { command as publish } from "../../cli/src/commands/marketplace/publish.js";
import { imageWait } from "../../core/registry-changes/ec2.js";
import { runCommand } from "./helpers/cli.js";
import { ACCOUNT, PublishEc2Fake } from "./helpers/ec2-fake.js";
import { GitServer } from "./helpers/git-server.js";
import { GithubFake } from "./helpers/github-fake.js";
import { branches, changedFiles, ciValidate, commitMessage, type Repo, setUpWorld, showFile, TOKEN, templateAt } from "./helpers/world.js";

let server: GitServer;
let github: GithubFake;
let repo: Repo;
let ec2: PublishEc2Fake;
const saved = { ...imageWait };

beforeAll(async () => {
  server = await new GitServer(TOKEN).start();
  github = await new GithubFake().start();
});
afterAll(async () => {
  await server?.close();
  await github?.close();
});
beforeEach(() => {
  ({ repo } = setUpWorld(server, github, "jdoe"));
  ec2 = new PublishEc2Fake().install();
  ec2.add({
    id: "i-0aaaabbbbcccc0001",
    region: "eu-west-1",
    name: "my-jupyter",
    instanceType: "m7g.2xlarge",
    architecture: "arm64",
    tags: { "cws:template": "jupyter-data-science", "cws:template-version": "2.3.0", "cws:marketplace": "https://marketplace.example" },
    securityGroups: [{ id: "sg-0001", ports: [22, 8888, 8787] }],
  });
  ec2.add({
    id: "i-0aaaabbbbcccc0002",
    region: "us-east-1",
    name: "hand-built",
    instanceType: "c7i.4xlarge",
    architecture: "x86_64",
    securityGroups: [{ id: "sg-0002", ports: [22] }],
  });
  let clock = 0;
  const sleep = async (ms: number) => {
    clock += ms;
  };
  Object.assign(imageWait, { sleep, now: () => clock, pollIntervalMs: 15_000 });
});
afterEach(() => {
  ec2.restore();
  Object.assign(imageWait, saved);
  vi.unstubAllEnvs();
});

const pushed = () => branches(repo.bare).filter((b) => b !== "main");

describe("publish <instance>", () => {
  it("scaffolds from DescribeInstances and the template the instance was launched from", async () => {
    const run = await runCommand(publish, [
      "publish",
      "my-jupyter",
      "--region",
      "eu-west-1",
      "--name",
      "Lab Jupyter on Graviton",
      "--category",
      "data-science",
      "--tags",
      "jupyterlab,graviton",
      "--funding",
      "NIH Grant R01-HG012345",
      "--documentation-url",
      "https://lab.example.edu/jupyter",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("i-0aaaabbbbcccc0001: m7g.2xlarge arm64 in eu-west-1, launched from jupyter-data-science");
    const lookup = ec2.callsOf("DescribeInstances")[0];
    expect(lookup).toMatchObject({
      region: "eu-west-1",
      input: {
        Filters: [
          { Name: "tag:Name", Values: ["my-jupyter"] },
          { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] },
        ],
      },
    });
    expect(ec2.callsOf("CreateImage")).toEqual([]);

    const [branch] = pushed();
    expect(branch).toMatch(/^cws\/publish\/lab-jupyter-on-graviton-/);
    expect(commitMessage(repo.bare, branch ?? "")).toMatch(
      /^Publish lab-jupyter-on-graviton 1\.0\.0\n\nAdds .*\nSource: the workstation i-0aaaabbbbcccc0001 \(m7g\.2xlarge, eu-west-1\), launched from jupyter-data-science 2\.3\.0\./,
    );
    const t = templateAt(repo.bare, branch ?? "", "lab-jupyter-on-graviton");
    expect(t).toMatchObject({
      name: "Lab Jupyter on Graviton",
      owners: ["jdoe"],
      architecture: ["arm64"],
      forked_from: { template_id: "jupyter-data-science", version: "2.3.0" },
      publication: { funding_source: "NIH Grant R01-HG012345", documentation_url: "https://lab.example.edu/jupyter", license: "BSD-3-Clause" },
    });
    expect(t.regions[0]).toBe("eu-west-1");
    expect(t.environment.instance_defaults.instance_types).toEqual({ arm64: "m7g.2xlarge" });
    expect(t.environment.ports).toEqual([22, 8787, 8888]);
    expect(t.environment.services?.[0]?.name).toBe("jupyterlab");
    expect((await ciValidate(repo, branch ?? "", "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("--generate-ami creates the image (rebooting), waits with progress, and records it for the AMI pipeline", async () => {
    const run = await runCommand(publish, [
      "publish",
      "i-0aaaabbbbcccc0001",
      "--region",
      "eu-west-1",
      "--generate-ami",
      "--regions",
      "us-west-2,eu-central-1",
      "--name",
      "Lab Jupyter image",
      "--category",
      "data-science",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(ec2.callsOf("DescribeInstances")[0]?.input).toEqual({ InstanceIds: ["i-0aaaabbbbcccc0001"] });
    const [create] = ec2.callsOf("CreateImage");
    expect(create?.region).toBe("eu-west-1");
    expect(create?.input).toMatchObject({
      InstanceId: "i-0aaaabbbbcccc0001",
      NoReboot: false,
      Name: expect.stringMatching(/^cws\/lab-jupyter-image\/1\.0\.0\/arm64\/from-i-0aaaabbbbcccc0001-\d{8}T\d{6}$/),
      TagSpecifications: [
        {
          ResourceType: "image",
          Tags: expect.arrayContaining([
            { Key: "cws:role", Value: "ami-source" },
            { Key: "cws:template-id", Value: "lab-jupyter-image" },
          ]),
        },
        { ResourceType: "snapshot", Tags: expect.any(Array) },
      ],
    });
    const imageId = [...ec2.images.keys()][0] ?? "";
    expect(ec2.callsOf("DescribeImages")).toHaveLength(3);
    expect(run.stderr).toContain("(it reboots for a consistent file system)");
    expect(run.stderr).toContain(`${imageId}: pending (15s)`);
    expect(run.stderr).toContain(`${imageId}: available`);

    const [branch] = pushed();
    const t = templateAt(repo.bare, branch ?? "", "lab-jupyter-image");
    expect(t.regions).toEqual(["eu-west-1", "us-west-2", "eu-central-1"]);
    expect(t.ami).toEqual({
      build: true,
      regions: ["eu-west-1", "us-west-2", "eu-central-1"],
      source_images: {
        arm64: { image_id: imageId, region: "eu-west-1", owner_id: ACCOUNT, instance_id: "i-0aaaabbbbcccc0001", created_at: "2026-11-02T10:00:00.000Z" },
      },
    });
    expect(showFile(repo.bare, branch ?? "", "registry/templates/lab-jupyter-image/README.md")).toContain(`A machine image (\`${imageId}\`, eu-west-1)`);
    expect((await ciValidate(repo, branch ?? "", "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("--no-reboot images the running instance; an instance from no template becomes an ami-based template", async () => {
    const run = await runCommand(publish, [
      "publish",
      "hand-built",
      "--generate-ami",
      "--no-reboot",
      "--description",
      "A hand-built analysis workstation for the lab.",
      "--category",
      "data-science",
      "--id",
      "hand-built-lab",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(ec2.callsOf("CreateImage")[0]?.input).toMatchObject({ InstanceId: "i-0aaaabbbbcccc0002", NoReboot: true });
    expect(run.stderr).toContain("without rebooting it");
    const [branch] = pushed();
    expect(changedFiles(repo.bare, branch ?? "")).toEqual([
      "A registry/templates/hand-built-lab/README.md",
      "A registry/templates/hand-built-lab/template.json",
    ]);
    const t = templateAt(repo.bare, branch ?? "", "hand-built-lab");
    expect(t).toMatchObject({
      name: "hand-built",
      architecture: ["x86_64"],
      regions: ["us-east-1"],
      environment: { base: "ami-based", package_manager: "ami", ports: [22] },
    });
    expect(t).not.toHaveProperty("forked_from");
    expect(t.ami?.source_images?.x86_64?.owner_id).toBe(ACCOUNT);
    expect((await ciValidate(repo, branch ?? "", "jdoe")).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("refuses an instance with nothing to describe, an unknown instance, and creates no image for a template CI would reject", async () => {
    expect(await runCommand(publish, ["publish", "--category", "data-science"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("error USAGE: name one workstation, or pass --from-file"),
    });
    expect((await runCommand(publish, ["publish", "my-jupyter", "--generate-ami", "--image", "ami-0123456789abcdef0"])).status).toBe(2);
    const bare = await runCommand(publish, ["publish", "hand-built", "--description", "A hand-built workstation.", "--category", "data-science"]);
    expect(bare).toMatchObject({ status: 2, stderr: expect.stringContaining("error NOTHING_TO_DESCRIBE") });
    const missing = await runCommand(publish, ["publish", "i-0ffffffffffffffff", "--category", "data-science"]);
    expect(missing).toMatchObject({ status: 3, stderr: expect.stringContaining("error INSTANCE_NOT_FOUND: no instance i-0ffffffffffffffff in us-east-1") });

    const invalid = await runCommand(publish, [
      "publish",
      "my-jupyter",
      "--region",
      "eu-west-1",
      "--generate-ami",
      "--name",
      "Lab Jupyter",
      "--category",
      "genomic",
    ]);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/CWS205\/category-unknown/);
    expect(ec2.callsOf("CreateImage")).toEqual([]);
    expect(pushed()).toEqual([]);
  });

  it("--dry-run creates no image; a failed image publishes nothing and says so", async () => {
    const dry = await runCommand(publish, [
      "publish",
      "my-jupyter",
      "--region",
      "eu-west-1",
      "--generate-ami",
      "--name",
      "Lab Jupyter",
      "--category",
      "data-science",
      "--dry-run",
    ]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(ec2.callsOf("CreateImage")).toEqual([]);
    expect(dry.stdout).toMatch(/^\+ +"image_id": "ami-00000000000000000",$/m);
    expect(dry.stderr).toContain("dry run: no image was created");
    expect(pushed()).toEqual([]);

    ec2.finalImageState = "failed";
    const failed = await runCommand(publish, [
      "publish",
      "my-jupyter",
      "--region",
      "eu-west-1",
      "--generate-ami",
      "--name",
      "Lab Jupyter",
      "--category",
      "data-science",
    ]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/error IMAGE_FAILED: image ami-\w+ ended failed: Snapshot creation failed\./);
    expect(pushed()).toEqual([]);

    // An image made earlier can be recorded with --image instead of making another.
    ec2.finalImageState = "available";
    const imageId = [...ec2.images.keys()][0] ?? "";
    const reuse = await runCommand(publish, [
      "publish",
      "my-jupyter",
      "--region",
      "eu-west-1",
      "--image",
      imageId,
      "--name",
      "Lab Jupyter",
      "--category",
      "data-science",
    ]);
    expect(reuse.status, reuse.stderr).toBe(0);
    expect(ec2.callsOf("CreateImage")).toHaveLength(1);
    expect(templateAt(repo.bare, pushed()[0] ?? "", "lab-jupyter").ami?.source_images?.arm64?.image_id).toBe(imageId);
  });
});
