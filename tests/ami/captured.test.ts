import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPlan } from "../../core/ami/format.js";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { buildKey } from "../../core/ami/tags.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import type { Template } from "../../core/types/generated.js";
import { tempDir } from "../helpers/run.js";
import { ACCOUNT, type FakeAws, type FakeImage } from "./fake-aws.js";
import type { FakeCommand } from "./fake-world.js";
import { GENOMICS, harness, passingResponder, REGISTRY, readTemplate } from "./helpers.js";

/** The account that captured the workstations (not the marketplace's build account). */
const CAPTURER = "111122223333";
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const PROVISIONING = ["system packages (apt)", "conda packages", "pip packages", "users"];
const ARM64_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";

/** A one-template registry: genomics with ami.source_images set (and any other edit). */
function registryWith(sourceImages: NonNullable<Template["ami"]>["source_images"], edit: (t: Template) => void = () => undefined): string {
  const dir = join(tempDir("cws-ami-captured-"), "registry");
  const folder = join(dir, "templates", GENOMICS);
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(REGISTRY, "categories.json"), join(dir, "categories.json"));
  copyFileSync(join(REGISTRY, "templates", GENOMICS, "README.md"), join(folder, "README.md"));
  const t = readTemplate(GENOMICS);
  t.ami = { ...(t.ami ?? { build: true }), source_images: sourceImages };
  edit(t);
  writeFileSync(join(folder, "template.json"), `${JSON.stringify(t, null, 2)}\n`);
  return dir;
}

const x86Only = (t: Template) => {
  t.architecture = ["x86_64"];
};

/** A workstation image as `cws marketplace publish --generate-ami` leaves it: the capturer's, available. */
function captured(fake: FakeAws, partial: Partial<FakeImage> & { region: string }): FakeImage {
  return fake.world.addImage({ ownerId: CAPTURER, architecture: "x86_64", tags: { "cws:role": "ami-source" }, ...partial });
}

const sourceEntry = (image: FakeImage, owner = CAPTURER, region = image.region) => ({ image_id: image.id, region, owner_id: owner });

/** SendCommand comments run on the builder of one architecture. */
function commandsOn(fake: FakeAws, arch: string): string[] {
  return fake
    .callsOf("SendCommand")
    .filter((c) => fake.world.instances.get((c.input.InstanceIds as string[])[0] ?? "")?.tags["cws:architecture"] === arch)
    .map((c) => String(c.input.Comment));
}

const ownerCheck = (fake: FakeAws, image: FakeImage) =>
  fake.calls.findIndex(
    (c) =>
      c.command === "DescribeImages" &&
      c.region === image.region &&
      JSON.stringify(c.input.ImageIds) === JSON.stringify([image.id]) &&
      JSON.stringify(c.input.Owners) === JSON.stringify([CAPTURER]),
  );

describe("building from an image captured from a workstation (ami.source_images)", () => {
  it("boots the captured image without a base lookup or provisioning, then tests, scrubs, images, copies, shares and records as usual", async () => {
    const h = harness();
    const image = captured(h.fake, { region: "us-east-1", rootVolumeGb: 300 });
    const registry = registryWith({ x86_64: sourceEntry(image) });
    const result = await runAmiPipeline(h.options({ registry }));
    expect(result.ok).toBe(true);
    expect(result.units.map((u) => [u.arch, u.status])).toEqual([
      ["x86_64", "built"],
      ["arm64", "built"],
    ]);

    // No SSM base-image lookup for x86_64: only arm64 resolves its parameter.
    expect(h.fake.callsOf("GetParameter").map((c) => c.input.Name)).toEqual([ARM64_PARAMETER]);
    // The owner check ran in the image's region before the builder booted it.
    const x86Launch = h.fake.calls.findIndex((c) => c.command === "RunInstances" && c.input.ImageId === image.id);
    expect(ownerCheck(h.fake, image)).toBeGreaterThanOrEqual(0);
    expect(x86Launch).toBeGreaterThan(ownerCheck(h.fake, image));
    const builder = [...h.fake.world.instances.values()].find((i) => i.tags["cws:architecture"] === "x86_64");
    expect(builder?.imageId).toBe(image.id);
    // The captured disk is larger than the template's root volume; the builder's is not smaller.
    expect(readTemplate(GENOMICS).environment.instance_defaults.root_volume_gb).toBeLessThan(300);
    expect(builder?.rootVolumeGb).toBe(300);
    expect(builder?.tags["cws:role"]).toBe("ami-builder");
    expect(["shutting-down", "terminated"]).toContain(builder?.state);

    // No provisioning on the captured image: cloud-init is waited for, then every test, the SBOM
    // capture (probing every known tool, since nothing says what the workstation installed), then the scrub.
    const tests = (readTemplate(GENOMICS).validation_tests ?? []).map((t) => `test: ${t.name}`);
    const reads = ["os-release.txt", "deb.txt", "conda.json", "pip.json", "spack.json"].map((f) => `capture software: read ${f} 0`);
    expect(commandsOn(h.fake, "x86_64")).toEqual(["wait for cloud-init", ...tests, "capture software", ...reads, "scrub"]);
    expect(commandsOn(h.fake, "arm64")).toEqual(expect.arrayContaining(PROVISIONING));

    // A marketplace-owned image is made from the stopped builder, tagged as usual, then copied.
    const create = h.fake.callsOf("CreateImage").find((c) => c.input.InstanceId === builder?.id);
    expect(create?.region).toBe("us-east-1");
    const state = await readAmiState(h.statePath);
    const made = h.fake.world.images.get(state.templates[GENOMICS]?.regions["us-east-1"]?.x86_64?.image_id ?? "");
    expect(made?.fromInstanceState).toBe("stopped");
    expect(made?.ownerId).toBe(ACCOUNT);
    expect(made?.tags).toMatchObject({
      "cws:role": "ami",
      "cws:template-id": GENOMICS,
      "cws:template-version": "3.2.2",
      "cws:architecture": "x86_64",
      "cws:build-key": result.plan.units[0]?.buildKey,
      "cws:build-id": "run-1",
    });
    expect(
      h.fake
        .callsOf("CopyImage")
        .filter((c) => c.input.SourceImageId === made?.id)
        .map((c) => c.region)
        .sort(),
    ).toEqual(["eu-west-1", "us-west-2"]);
    for (const region of REGIONS) {
      const ami = state.templates[GENOMICS]?.regions[region]?.x86_64;
      expect(ami?.state, region).toBe("available");
      expect(ami?.owner_id).toBe(ACCOUNT);
      expect(ami?.image_id).not.toBe(image.id);
      expect(h.fake.world.images.get(ami?.image_id ?? "")?.launchPermissions).toContainEqual({ Group: "all" });
    }
    // The captured image itself is neither shared nor changed.
    expect(h.fake.callsOf("ModifyImageAttribute").map((c) => c.input.ImageId)).not.toContain(image.id);
    expect(image.launchPermissions).toEqual([]);
    expect(image.state).toBe("available");
  });

  it("keys the build on the captured image, and the plan says which image and owner it boots", async () => {
    const h = harness();
    const image = captured(h.fake, { region: "eu-west-1" });
    const registry = registryWith({ x86_64: sourceEntry(image) });
    const result = await runAmiPipeline(h.options({ registry, dryRun: true }));
    expect(h.fake.calls).toEqual([]);
    const [x86, arm] = result.plan.units;
    expect(x86?.from).toEqual({ kind: "captured", image: sourceEntry(image) });
    expect(x86?.steps.map((s) => s.name)).toEqual(["wait for cloud-init"]);
    expect(arm?.from).toEqual({ kind: "base", parameter: ARM64_PARAMETER });
    const plain = readTemplate(GENOMICS);
    expect(x86?.buildKey).not.toBe(buildKey(plain, "x86_64"));
    expect(arm?.buildKey).toBe(buildKey(plain, "arm64"));
    const text = formatPlan(result);
    expect(text).toContain(`from captured image ${image.id} (owner ${CAPTURER}) in eu-west-1, copied to us-east-1 first`);
    expect(text).toContain(`SSM parameter ${ARM64_PARAMETER}`);
    expect(text).not.toContain("amd64");
  });

  const trustedBefore = process.env.CWS_AMI_TRUSTED_SOURCE_ACCOUNTS;
  beforeAll(() => {
    process.env.CWS_AMI_TRUSTED_SOURCE_ACCOUNTS = `${CAPTURER},444455556666`;
  });
  afterAll(() => {
    if (trustedBefore === undefined) delete process.env.CWS_AMI_TRUSTED_SOURCE_ACCOUNTS;
    else process.env.CWS_AMI_TRUSTED_SOURCE_ACCOUNTS = trustedBefore;
  });

  it("refuses an account the maintainers have not vouched for, launching and copying nothing", async () => {
    const h = harness();
    const image = captured(h.fake, { region: "us-east-1", ownerId: "999988887777" });
    const registry = registryWith({ x86_64: sourceEntry(image, "999988887777") }, x86Only);
    const result = await runAmiPipeline(h.options({ registry }));
    expect(result.units[0]?.error).toMatch(/999988887777, which is not a trusted source account/);
    expect(h.fake.count("RunInstances")).toBe(0);
    expect(h.fake.count("CopyImage")).toBe(0);
  });

  const refusals: [string, (fake: FakeAws) => { image: FakeImage; owner?: string; region?: string }, RegExp][] = [
    [
      "owned by another account than the template names",
      (fake) => ({ image: captured(fake, { region: "us-east-1", ownerId: "999988887777" }) }),
      /not an image of account 111122223333/,
    ],
    [
      "named with the wrong owner_id",
      (fake) => ({ image: captured(fake, { region: "us-east-1" }), owner: "444455556666" }),
      /not an image of account 444455556666/,
    ],
    ["not in the region the template names", (fake) => ({ image: captured(fake, { region: "eu-west-1" }), region: "us-east-1" }), /not an image of account/],
    ["of the other architecture", (fake) => ({ image: captured(fake, { region: "us-east-1", architecture: "arm64" }) }), /is arm64, not x86_64/],
    ["not available", (fake) => ({ image: captured(fake, { region: "us-east-1", state: "failed" }) }), /is failed, not available/],
  ];

  it.each(refusals)("launches nothing and records nothing when the captured image is %s", async (_name, arrange, why) => {
    const h = harness();
    const { image, owner, region } = arrange(h.fake);
    const registry = registryWith({ x86_64: sourceEntry(image, owner, region) }, x86Only);
    const result = await runAmiPipeline(h.options({ registry }));
    expect(result.ok).toBe(false);
    expect(result.units.map((u) => u.status)).toEqual(["failed"]);
    expect(result.units[0]?.error).toMatch(why);
    expect(result.units[0]?.error).toContain("no builder was launched");
    expect(h.fake.count("DescribeImages")).toBeGreaterThan(0);
    expect(h.fake.count("RunInstances")).toBe(0);
    expect(h.fake.count("CopyImage")).toBe(0);
    expect(h.fake.count("CreateImage")).toBe(0);
    expect(h.fake.count("GetParameter")).toBe(0);
    expect(h.fake.world.instances.size).toBe(0);
    const state = existsSync(h.statePath) ? await readAmiState(h.statePath) : undefined;
    expect(state?.templates[GENOMICS]).toBeUndefined();
    expect(h.progress.some((e) => e.step === "build" && e.status === "fail")).toBe(true);
  });

  it("copies a captured image from another region to the build region first, boots the copy, and discards it once imaged", async () => {
    const h = harness();
    const image = captured(h.fake, { region: "eu-west-1" });
    const registry = registryWith({ x86_64: sourceEntry(image) }, x86Only);
    const result = await runAmiPipeline(h.options({ registry }));
    expect(result.ok).toBe(true);

    const check = ownerCheck(h.fake, image);
    const copyAt = h.fake.calls.findIndex((c) => c.command === "CopyImage" && c.input.SourceImageId === image.id);
    const launchAt = h.fake.calls.findIndex((c) => c.command === "RunInstances");
    expect(check).toBeGreaterThanOrEqual(0);
    expect(copyAt).toBeGreaterThan(check);
    expect(launchAt).toBeGreaterThan(copyAt);
    const copyCall = h.fake.calls[copyAt];
    expect(copyCall?.region).toBe("us-east-1");
    expect(copyCall?.input.SourceRegion).toBe("eu-west-1");

    // The builder booted the copy, which is ours, tagged as a source copy and never as the build's image.
    const launched = h.fake.world.images.get(String(h.fake.calls[launchAt]?.input.ImageId));
    expect(launched?.region).toBe("us-east-1");
    expect(launched?.ownerId).toBe(ACCOUNT);
    expect(launched?.tags).toMatchObject({ "cws:role": "ami-source-copy", "cws:source-image": image.id });
    expect(launched?.tags["cws:build-key"]).toBeUndefined();
    // Once the build's own image existed, the copy and its snapshot were removed.
    expect(launched?.state).toBe("deregistered");
    expect(launched?.snapshotIds.every((s) => h.fake.world.snapshots.get(s)?.deleted)).toBe(true);

    // Published as any build: CreateImage in the build region, copies of that to the other regions.
    const state = await readAmiState(h.statePath);
    const source = state.templates[GENOMICS]?.regions["us-east-1"]?.x86_64?.image_id;
    expect(h.fake.count("CreateImage")).toBe(1);
    expect(
      h.fake
        .callsOf("CopyImage")
        .filter((c) => c.input.SourceImageId === source)
        .map((c) => c.region)
        .sort(),
    ).toEqual(["eu-west-1", "us-west-2"]);
    for (const region of REGIONS) {
      const ami = state.templates[GENOMICS]?.regions[region]?.x86_64;
      expect(ami?.state).toBe("available");
      expect([image.id, launched?.id]).not.toContain(ami?.image_id);
    }
    expect(image.state).toBe("available");
  });

  it("neither images, shares nor records a captured image whose validation test fails", async () => {
    const h = harness();
    const image = captured(h.fake, { region: "us-east-1" });
    const registry = registryWith({ x86_64: sourceEntry(image) }, x86Only);
    const pass = passingResponder();
    h.fake.world.respond = (c: FakeCommand) =>
      c.comment === "test: samtools version" ? { status: "Failed", exitCode: 127, stderr: "samtools: not found" } : pass(c);
    const result = await runAmiPipeline(h.options({ registry }));
    expect(result.ok).toBe(false);
    expect(result.units.map((u) => u.status)).toEqual(["failed"]);
    expect(result.units[0]?.error).toContain("samtools version");
    expect(h.fake.count("RunInstances")).toBe(1);
    const comments = commandsOn(h.fake, "x86_64");
    // Every test still ran; the scrub did not, and nothing was imaged, copied or shared.
    expect(comments.filter((c) => c.startsWith("test: "))).toHaveLength(readTemplate(GENOMICS).validation_tests?.length ?? 0);
    expect(comments).not.toContain("scrub");
    expect(h.fake.count("StopInstances")).toBe(0);
    expect(h.fake.count("CreateImage")).toBe(0);
    expect(h.fake.count("CopyImage")).toBe(0);
    expect(h.fake.count("ModifyImageAttribute")).toBe(0);
    expect([...h.fake.world.instances.values()].every((i) => i.state === "shutting-down" || i.state === "terminated")).toBe(true);
    const state = existsSync(h.statePath) ? await readAmiState(h.statePath) : undefined;
    expect(state?.templates[GENOMICS]).toBeUndefined();
  });
});
