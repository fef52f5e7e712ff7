// The pure parts of `cws launch`: template references, local matching, the launch plan,
// parameters, user data, base images, the owner verdict and RunInstances' input.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { baseImageParameter } from "../../cli/src/launch/base-images.js";
import { runInstancesInput } from "../../cli/src/launch/ec2.js";
import { judgeOwner } from "../../cli/src/launch/owner-check.js";
import { type LaunchFlags, planLaunch } from "../../cli/src/launch/plan.js";
import { matchLocal, parseRef, readLocalTemplates } from "../../cli/src/launch/resolve.js";
import { encodeUserData, parseParamFlags, renderUserData, resolveParameters, USER_DATA_LIMIT } from "../../cli/src/launch/user-data.js";
import type { PublishedTemplate } from "../../core/types/generated.js";
import { ROOT, tempDir } from "../helpers/run.js";

const OWNER = "123456789012";
const AMI = "ami-0123456789abcdef0";
const UBUNTU_24_AMD64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
const CTX = { registryUrl: "http://127.0.0.1:4321" };

type Mutable = PublishedTemplate & { publication: PublishedTemplate["publication"] };

/** A published record of a seeded template, with AMIs and optional edits. */
function record(id: string, amis: PublishedTemplate["amis"] = {}, edit?: (t: Mutable) => void): PublishedTemplate {
  const t = JSON.parse(readFileSync(join(ROOT, "registry/templates", id, "template.json"), "utf8")) as Mutable;
  Object.assign(t, {
    amis,
    ami_available: Object.keys(amis).length > 0,
    rating: 0,
    reviews: 0,
    downloads: 0,
    launches: 0,
    history: [],
    forks: [],
    screenshots: [],
  });
  edit?.(t);
  return t;
}

const genomics = (amis: PublishedTemplate["amis"] = { "us-east-1": { x86_64: { image_id: AMI, owner_id: OWNER, created_at: "2026-09-15T12:00:00Z" } } }) =>
  record("genomics-pipeline-v3", amis);

const flags = (extra: Partial<LaunchFlags> = {}): LaunchFlags => ({ instanceName: "my-ws", params: {}, force: false, ...extra });

function thrown(fn: () => unknown): { code: string; exitCode: number; message: string; hint: string } {
  try {
    fn();
  } catch (error) {
    return error as { code: string; exitCode: number; message: string; hint: string };
  }
  throw new Error("expected an error");
}

describe("template references", () => {
  it("parses marketplace:<id>@<version>, and bare names with spaces", () => {
    expect(parseRef("marketplace:genomics-pipeline-v3@3.2.2")).toEqual({
      text: "genomics-pipeline-v3@3.2.2",
      marketplace: true,
      id: "genomics-pipeline-v3",
      version: "3.2.2",
    });
    expect(parseRef("Advanced Genomics Analysis Pipeline")).toEqual({
      text: "Advanced Genomics Analysis Pipeline",
      marketplace: false,
      id: "Advanced Genomics Analysis Pipeline",
    });
  });

  it("rejects references that name nothing", () => {
    expect(thrown(() => parseRef("marketplace:")).exitCode).toBe(2);
    expect(thrown(() => parseRef("marketplace:genomics-pipeline-v3@")).exitCode).toBe(2);
  });

  it("matches local CloudWorkstation templates by slug or name, never fuzzily", () => {
    const dir = tempDir("cws-local-");
    copyFileSync(join(ROOT, "tests/import/fixtures/conda-ml.yml"), join(dir, "conda-ml.yml"));
    writeFileSync(join(dir, "broken.yaml"), "name: [unclosed");
    writeFileSync(join(dir, "notes.txt"), "name: not a template");
    const local = readLocalTemplates([dir, join(dir, "missing")]);
    expect(local.map((t) => t.slug)).toEqual(["python-ml-workstation"]);
    expect(matchLocal("python-ml-workstation", local)?.file).toBe(join(dir, "conda-ml.yml"));
    expect(matchLocal("python machine learning workstation", local)?.slug).toBe("python-ml-workstation");
    expect(matchLocal("python-ml", local)).toBeUndefined();
    expect(matchLocal("Python-ML-Workstation", local)).toBeUndefined();
  });
});

describe("launch plan", () => {
  it("launches the signed AMI in the default region with the template's instance type and tags", () => {
    const plan = planLaunch(genomics(), flags(), CTX);
    expect(plan).toMatchObject({ region: "us-east-1", architecture: "x86_64", instanceType: "r7i.2xlarge", rootVolumeGb: 200, warnings: [] });
    expect(plan.image).toEqual({ kind: "ami", ami: { image_id: AMI, owner_id: OWNER, created_at: "2026-09-15T12:00:00Z" } });
    expect(plan.tags).toEqual([
      { Key: "Name", Value: "my-ws" },
      { Key: "cws:template", Value: "genomics-pipeline-v3" },
      { Key: "cws:template-version", Value: "3.2.2" },
      { Key: "cws:marketplace", Value: CTX.registryUrl },
    ]);
    // The AMI holds the packages; only the parameterised post_install runs at launch.
    const script = plan.userData.script ?? "";
    expect(script).toContain("REF='GRCh38'");
    expect(script).not.toContain("apt-get");
    expect(script).not.toContain("conda install");
  });

  it("takes the region from the flag, then the config, and refuses regions the template is not offered in", () => {
    expect(planLaunch(genomics(), flags(), { ...CTX, configRegion: "us-west-2" }).region).toBe("us-west-2");
    expect(planLaunch(genomics(), flags({ region: "eu-west-1" }), { ...CTX, configRegion: "us-west-2" }).region).toBe("eu-west-1");
    const e = thrown(() => planLaunch(genomics(), flags({ region: "ap-south-1" }), CTX));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain("not offered in ap-south-1");
    expect(e.hint).toContain("us-east-1, us-west-2, eu-west-1");
  });

  it("derives the architecture from --instance-type and rejects contradictions", () => {
    const plan = planLaunch(genomics(), flags({ instanceType: "r7g.large" }), CTX);
    expect(plan.architecture).toBe("arm64");
    expect(plan.image).toEqual({
      kind: "base",
      parameter: "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id",
      amiRegions: [],
    });
    expect(planLaunch(genomics(), flags({ architecture: "arm64" }), CTX).instanceType).toBe("r7g.2xlarge");
    expect(thrown(() => planLaunch(genomics(), flags({ architecture: "arm64", instanceType: "r7i.large" }), CTX)).exitCode).toBe(2);
    expect(thrown(() => planLaunch(record("pytorch-gpu-workstation"), flags({ instanceType: "g5g.xlarge" }), CTX)).exitCode).toBe(3);
    expect(thrown(() => planLaunch(genomics(), flags({ instanceType: "mac2.metal" }), CTX)).exitCode).toBe(2);
  });

  it("builds from the base image where no AMI exists, naming the regions that have one", () => {
    const plan = planLaunch(genomics(), flags({ region: "eu-west-1", params: { reference_genome: "none" } }), CTX);
    expect(plan.image).toEqual({ kind: "base", parameter: UBUNTU_24_AMD64, amiRegions: ["us-east-1"] });
    expect(plan.warnings.join("\n")).toMatch(/no prebuilt AMI in eu-west-1 for x86_64; us-east-1 has one/);
    const script = plan.userData.script ?? "";
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain("apt-get -o Acquire::Retries=3 install -y -q --no-install-recommends 'build-essential' 'zlib1g-dev'");
    expect(script).toContain("/opt/conda/bin/conda install -y -q -n base -c conda-forge -c bioconda 'python=3.12' 'gatk4>=4.6'");
    expect(script).toContain("Miniforge3-Linux-x86_64.sh");
    expect(script).toContain("/opt/conda/bin/pip install --no-cache-dir 'pysam>=0.22' 'cyvcf2>=0.31'");
    expect(script).toContain("useradd --create-home --shell '/bin/bash' 'researcher'");
    expect(script).toContain("usermod -aG 'sudo' 'researcher'");
    expect(script).toContain("REF='none'");
    expect(script).not.toContain("{{");
  });

  it("lists several AMI regions and suggests the other architecture when it has one here", () => {
    const ami = { image_id: AMI, owner_id: OWNER, created_at: "2026-09-15T12:00:00Z" };
    const plan = planLaunch(
      genomics({ "us-east-1": { x86_64: ami }, "us-west-2": { x86_64: ami, arm64: ami }, "eu-west-1": { arm64: ami } }),
      flags({ region: "eu-west-1" }),
      CTX,
    );
    expect(plan.warnings[0]).toContain("us-east-1 and us-west-2 have one");
    expect(plan.warnings[0]).toContain("--architecture arm64");
  });

  it("refuses a base the launch cannot install, naming the regions with an AMI", () => {
    const ami = { image_id: AMI, owner_id: OWNER, created_at: "2026-09-15T12:00:00Z" };
    const e = thrown(() => planLaunch(record("hpc-mpi-spack", { "us-west-2": { x86_64: ami } }), flags(), CTX));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('base "rocky"');
    expect(e.hint).toContain("us-west-2 has one");
  });

  it("serves only the current version", () => {
    const e = thrown(() => planLaunch(genomics(), flags({ version: "3.1.0" }), CTX));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain("only the current version, 3.2.2");
    expect(planLaunch(genomics(), flags({ version: "3.2.2" }), CTX).version).toBe("3.2.2");
  });

  it("refuses archived templates unless forced, and warns about deprecated ones with their replacement", () => {
    const archived = record("text-as-data-nlp", {}, (t) => {
      t.publication = { ...t.publication, maintenance_status: "archived", maintenance: { reason: "Superseded.", replacement: "jupyter-data-science" } };
    });
    const e = thrown(() => planLaunch(archived, flags(), CTX));
    expect(e).toMatchObject({ code: "ARCHIVED", exitCode: 4 });
    expect(e.hint).toContain("--force");
    expect(planLaunch(archived, flags({ force: true }), CTX).warnings[0]).toContain("archived");
    const deprecated = planLaunch(record("fsl5-freesurfer6-legacy"), flags(), CTX);
    expect(deprecated.warnings[0]).toMatch(/deprecated since 2025-06-30.*Use neuroimaging-fmriprep instead/s);
  });

  it("rejects unusable instance names", () => {
    expect(thrown(() => planLaunch(genomics(), flags({ instanceName: " " }), CTX)).exitCode).toBe(2);
    expect(thrown(() => planLaunch(genomics(), flags({ instanceName: "a\nb" }), CTX)).exitCode).toBe(2);
  });
});

describe("launch parameters", () => {
  const env = record("intro-compbio-course").environment;

  it("parses --param flags and rejects malformed or repeated ones", () => {
    expect(parseParamFlags(["a=1", "b=x=y", "c="])).toEqual({ a: "1", b: "x=y", c: "" });
    expect(thrown(() => parseParamFlags(["novalue"])).exitCode).toBe(2);
    expect(thrown(() => parseParamFlags(["a=1", "a=2"])).exitCode).toBe(2);
  });

  it("fills defaults and requires required parameters", () => {
    const e = thrown(() => resolveParameters(env, {}));
    expect(e).toMatchObject({ code: "MISSING_PARAM", exitCode: 2 });
    expect(e.message).toContain('"student_id"');
    expect(resolveParameters(env, { student_id: "s123" })).toEqual({
      course_repo_url: "https://github.com/state-univ-compbio/biol2400-labs.git",
      lab_branch: "fall-2026",
      student_id: "s123",
    });
    // A required parameter with a default is satisfied by it.
    expect(resolveParameters(record("neuroimaging-fmriprep").environment, {}).freesurfer_license_ssm_parameter).toBe("/cws/freesurfer/license");
  });

  it("checks types, choices and unknown names, and keeps values inert in shell", () => {
    expect(thrown(() => resolveParameters(env, { student_id: "s1", lab_branch: "winter" })).hint).toContain("fall-2026, spring-2027, main");
    expect(thrown(() => resolveParameters(env, { student_id: "s1", colour: "red" })).message).toContain('"colour"');
    expect(thrown(() => resolveParameters(env, { student_id: "x'; rm -rf / #" })).exitCode).toBe(2);
    expect(thrown(() => resolveParameters(env, { student_id: "$(id)" })).exitCode).toBe(2);
    const wrf = record("wrf-climate-modeling").environment;
    expect(resolveParameters(wrf, { download_geog: "FALSE" }).download_geog).toBe("false");
    expect(thrown(() => resolveParameters(wrf, { download_geog: "maybe" })).exitCode).toBe(2);
  });
});

describe("user data", () => {
  const base = record("genomics-pipeline-v3").environment;

  it("keeps a script's own delimiter-like lines intact", () => {
    const env = { ...base, post_install: "#!/bin/bash\ncat <<'CWS_EOF'\nhello\nCWS_EOF\n" };
    const { script } = renderUserData({ templateId: "t", version: "1.0.0", env, arch: "x86_64", values: {}, fromBase: true });
    expect(script).toContain("cat > '/var/lib/cws/post_install.sh' <<'CWS_EOF_1'\n#!/bin/bash\ncat <<'CWS_EOF'\nhello\nCWS_EOF\nCWS_EOF_1\n");
  });

  it("has nothing to do on an AMI when post_install has no parameters and there is no user_data", () => {
    const env = { ...base, post_install: "echo baked" };
    expect(renderUserData({ templateId: "t", version: "1.0.0", env, arch: "x86_64", values: {}, fromBase: false }).script).toBeUndefined();
  });

  it("enables services after post_install, which often installs them, on both paths", () => {
    const env = record("rstudio-server-tidyverse").environment;
    const values = resolveParameters(env, {});
    for (const fromBase of [true, false]) {
      const { script = "" } = renderUserData({ templateId: "t", version: "1.0.0", env, arch: "x86_64", values, fromBase });
      const ran = script.indexOf("'/var/lib/cws/post_install.sh'\n");
      const enabled = script.indexOf("systemctl enable --now 'rstudio-server.service'");
      expect(ran).toBeGreaterThan(0);
      expect(enabled).toBeGreaterThan(ran);
    }
    const base = renderUserData({ templateId: "t", version: "1.0.0", env, arch: "x86_64", values, fromBase: true }).script ?? "";
    expect(base.indexOf("/etc/cws/services/rstudio-server.conf")).toBeLessThan(base.indexOf("'/var/lib/cws/post_install.sh'\n"));
  });

  it("uses dnf on Amazon Linux and the arm64 installers on Graviton", () => {
    const env = { ...base, base: "amazonlinux" as const };
    const { script } = renderUserData({ templateId: "t", version: "1.0.0", env, arch: "arm64", values: { reference_genome: "none" }, fromBase: true });
    expect(script).toContain("dnf install -y 'build-essential'");
    expect(script).toContain("Miniforge3-Linux-aarch64.sh");
  });

  it("gzips user data over 16 KiB and refuses what still does not fit", () => {
    const small = encodeUserData("#!/bin/bash\necho hi\n");
    expect(small).toMatchObject({ gzipped: false, bytes: 20 });
    const big = `#!/bin/bash\n${"echo 'a fairly repetitive line of shell'\n".repeat(1000)}`;
    const encoded = encodeUserData(big);
    expect(encoded.gzipped).toBe(true);
    expect(encoded.bytes).toBeLessThanOrEqual(USER_DATA_LIMIT);
    expect(gunzipSync(Buffer.from(encoded.base64, "base64")).toString("utf8")).toBe(big);
    const random = Array.from({ length: 40_000 }, (_, i) => ((i * 7919) % 9973).toString(36)).join("");
    expect(thrown(() => encodeUserData(random)).code).toBe("USER_DATA_TOO_LARGE");
  });
});

describe("base images", () => {
  const tpl = (base: string, baseImage?: string) =>
    ({ environment: { base }, ...(baseImage ? { ami: { build: false, base_image: baseImage } } : {}) }) as never;

  it("uses only AWS's public parameters for the base and architecture", () => {
    expect(baseImageParameter(tpl("ubuntu-24.04"), "x86_64")).toBe(UBUNTU_24_AMD64);
    expect(baseImageParameter(tpl("ubuntu-22.04"), "arm64")).toBe("/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id");
    expect(baseImageParameter(tpl("amazonlinux"), "arm64")).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
    expect(baseImageParameter(tpl("rocky"), "x86_64")).toBeUndefined();
    expect(baseImageParameter(tpl("ami-based"), "x86_64")).toBeUndefined();
  });

  it("honours ami.base_image only for its own architecture and only under /aws/service/", () => {
    const dlami = "/aws/service/deeplearning/ami/x86_64/oss-nvidia-driver-gpu-pytorch-2.9-ubuntu-24.04/latest/ami-id";
    expect(baseImageParameter(tpl("ami-based", dlami), "x86_64")).toBe(dlami);
    expect(baseImageParameter(tpl("ami-based", dlami), "arm64")).toBeUndefined();
    expect(baseImageParameter(tpl("ubuntu-24.04", "/my/own/parameter"), "x86_64")).toBeUndefined();
  });
});

describe("owner verdict", () => {
  const ami = { image_id: AMI, owner_id: OWNER, created_at: "2026-09-15T12:00:00Z" };
  const good = { ImageId: AMI, OwnerId: OWNER, State: "available", Architecture: "x86_64" };

  it("accepts exactly the signed image from the signed owner", () => {
    expect(judgeOwner([good], ami, "x86_64")).toEqual({ ok: true, image: good });
  });

  it.each([
    ["no image", [], /knows no image/],
    ["another owner", [{ ...good, OwnerId: "999999999999" }], /owned by 999999999999, not 123456789012/],
    ["another image", [{ ...good, ImageId: "ami-0fedcba9876543210" }], /instead of/],
    ["two images", [good, good], /2 images/],
    ["not available", [{ ...good, State: "deregistered" }], /deregistered/],
    ["wrong architecture", [{ ...good, Architecture: "arm64" }], /arm64 image/],
  ])("refuses %s", (_, images, reason) => {
    const verdict = judgeOwner(images, ami, "x86_64");
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.reason).toMatch(reason);
  });
});

describe("RunInstances input", () => {
  it("requires IMDSv2, tags instance and volume, sizes the root volume and carries the user data", () => {
    const plan = planLaunch(genomics(), flags({ region: "eu-west-1" }), CTX);
    const input = runInstancesInput(plan, { imageId: "ami-0aaaaaaaaaaaaaaaa", rootDeviceName: "/dev/sda1" }, "token-1", "my-key");
    expect(input).toMatchObject({
      ImageId: "ami-0aaaaaaaaaaaaaaaa",
      InstanceType: "r7i.2xlarge",
      MinCount: 1,
      MaxCount: 1,
      ClientToken: "token-1",
      KeyName: "my-key",
      MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled" },
      BlockDeviceMappings: [{ DeviceName: "/dev/sda1", Ebs: { VolumeSize: 200, VolumeType: "gp3", DeleteOnTermination: true } }],
    });
    expect(input.TagSpecifications?.map((t) => t.ResourceType)).toEqual(["instance", "volume"]);
    expect(input.TagSpecifications?.[0]?.Tags).toEqual(plan.tags);
    expect(Buffer.from(input.UserData ?? "", "base64").toString("utf8")).toBe(plan.userData.script);
  });
});
