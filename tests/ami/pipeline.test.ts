import { describe, expect, it } from "vitest";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { buildTree } from "../../core/build/build-tree.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import type { PublishedTemplate } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";
import { ACCOUNT } from "./fake-aws.js";
import { GENOMICS, harness } from "./helpers.js";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

describe("AMI pipeline against the EC2 + SSM fake", () => {
  it("builds, replicates, shares and records both architectures in three regions, and the build publishes them", async () => {
    const h = harness();
    const result = await runAmiPipeline(h.options());
    expect(result.ok).toBe(true);
    expect(result.units.map((u) => [u.arch, u.status])).toEqual([
      ["x86_64", "built"],
      ["arm64", "built"],
    ]);

    const state = await readAmiState(h.statePath);
    const entry = state.templates[GENOMICS];
    expect(entry?.template_version).toBe("3.2.2");
    for (const region of REGIONS) {
      for (const arch of ["x86_64", "arm64"] as const) {
        const ami = entry?.regions[region]?.[arch];
        expect(ami?.state, `${region} ${arch}`).toBe("available");
        const image = h.fake.world.images.get(ami?.image_id ?? "");
        expect(image?.region).toBe(region);
        expect(image?.architecture).toBe(arch);
        expect(image?.state).toBe("available");
        expect(ami?.owner_id).toBe(ACCOUNT);
        // Public template: every copy is launchable by everyone.
        expect(image?.launchPermissions).toContainEqual({ Group: "all" });
      }
    }
    // One CreateImage per architecture, copies to the two other regions only.
    expect(h.fake.count("CreateImage")).toBe(2);
    expect(h.fake.count("CreateImage", "us-east-1")).toBe(2);
    expect(
      h.fake
        .callsOf("CopyImage")
        .map((c) => c.region)
        .sort(),
    ).toEqual(["eu-west-1", "eu-west-1", "us-west-2", "us-west-2"]);

    // Images carry template id, version, commit and build id.
    const created = [...h.fake.world.images.values()].filter((i) => i.tags["cws:role"] === "ami");
    expect(created).toHaveLength(6);
    for (const image of created) {
      expect(image.tags).toMatchObject({
        "cws:template-id": GENOMICS,
        "cws:template-version": "3.2.2",
        "cws:commit": "0123456789abcdef0123456789abcdef01234567",
        "cws:build-id": "run-1",
      });
    }

    // Builders: right type per architecture, SSM instance profile, IMDSv2 only, tagged, terminated.
    const builders = [...h.fake.world.instances.values()];
    expect(builders.map((b) => b.instanceType).sort()).toEqual(["r7g.2xlarge", "r7i.2xlarge"]);
    for (const b of builders) {
      expect(b.metadataTokens).toBe("required");
      expect(b.profile).toBe("cws-ami-builder");
      expect(b.tags["cws:role"]).toBe("ami-builder");
      expect(["shutting-down", "terminated"]).toContain(b.state);
    }
    // Every provisioning step, test and the scrub ran through Run Command with a timeout.
    const comments = h.fake.callsOf("SendCommand").map((c) => c.input.Comment);
    expect(comments).toEqual(expect.arrayContaining(["system packages (apt)", "conda packages", "pip packages", "users", "test: gatk runs", "scrub"]));
    for (const c of h.fake.callsOf("SendCommand")) {
      expect((c.input.Parameters as Record<string, string[]>).executionTimeout?.[0]).toMatch(/^\d+$/);
    }

    // The state feeds the build: the published record lists the AMIs per region.
    const tree = buildTree(seededInput({ amiState: state }));
    const record = json<PublishedTemplate>(tree.files, `templates/${GENOMICS}/metadata.json`);
    expect(record.ami_available).toBe(true);
    expect(Object.keys(record.amis).sort()).toEqual([...REGIONS].sort());
    expect(record.amis["eu-west-1"]?.arm64?.image_id).toBe(entry?.regions["eu-west-1"]?.arm64?.image_id);
    expect(record.amis["us-west-2"]?.x86_64?.owner_id).toBe(ACCOUNT);
  });

  it("scrubs last on the builder, then stops it, before CreateImage", async () => {
    const h = harness();
    await runAmiPipeline(h.options());
    for (const image of [...h.fake.world.images.values()].filter((i) => i.tags["cws:role"] === "ami" && !i.tags.copied)) {
      expect(image.fromInstanceState).toBe("stopped");
    }
    const calls = h.fake.calls;
    for (const create of calls.filter((c) => c.command === "CreateImage")) {
      const instanceId = create.input.InstanceId;
      const mine = calls.filter((c) => c.command === "SendCommand" && (c.input.InstanceIds as string[])[0] === instanceId);
      const scrubAt = calls.indexOf(mine.find((c) => c.input.Comment === "scrub") as (typeof calls)[number]);
      const lastCommandAt = calls.indexOf(mine[mine.length - 1] as (typeof calls)[number]);
      const stopAt = calls.findIndex((c) => c.command === "StopInstances" && (c.input.InstanceIds as string[])[0] === instanceId);
      expect(scrubAt).toBeGreaterThanOrEqual(0);
      expect(lastCommandAt).toBe(scrubAt);
      expect(stopAt).toBeGreaterThan(scrubAt);
      expect(calls.indexOf(create)).toBeGreaterThan(stopAt);
    }
    const scrub = [...h.fake.world.commands.values()].find((c) => c.comment === "scrub")?.script ?? "";
    for (const needle of ["authorized_keys", ".bash_history", "cloud-init clean", "/etc/ssh/ssh_host_", "/var/log"]) expect(scrub).toContain(needle);
  });

  it("resolves base images only from public SSM parameters, never by image name", async () => {
    const h = harness();
    await runAmiPipeline(h.options());
    expect(
      h.fake
        .callsOf("GetParameter")
        .map((c) => c.input.Name)
        .sort(),
    ).toEqual([
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id",
    ]);
    const describes = h.fake.callsOf("DescribeImages");
    expect(describes.length).toBeGreaterThan(0);
    for (const d of describes) {
      const filters = (d.input.Filters as { Name: string }[] | undefined) ?? [];
      expect(filters.map((f) => f.Name)).not.toContain("name");
      // Either by id, or our own images by our tags.
      if (!d.input.ImageIds) expect(d.input.Owners).toEqual(["self"]);
    }
    const launched = [...h.fake.world.instances.values()].map((i) => h.fake.world.images.get(i.imageId)?.tags.parameter);
    expect(launched.sort()).toEqual([
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id",
    ]);
  });

  it("retries throttling and transient errors", async () => {
    const h = harness();
    h.fake.throttle("RunInstances", 2);
    h.fake.throttle("DescribeImages", 3);
    h.fake.throttle("CopyImage", 2);
    h.fake.throttle("ModifyImageAttribute", 1, "InternalError", 500);
    h.fake.throttle("SendCommand", 2, "ThrottlingException", 400);
    h.fake.throttle("GetCommandInvocation", 2, "ThrottlingException", 400);
    const result = await runAmiPipeline(h.options());
    expect(result.ok).toBe(true);
    expect(h.fake.count("RunInstances")).toBe(4); // 2 throttled + 1 per architecture
    expect(h.fake.count("CopyImage")).toBe(6);
    expect(h.fake.world.instances.size).toBe(2);
    const state = await readAmiState(h.statePath);
    expect(Object.keys(state.templates[GENOMICS]?.regions ?? {})).toHaveLength(3);
  });

  const copyFaults: [string, (h: ReturnType<typeof harness>) => void, (h: ReturnType<typeof harness>) => void][] = [
    [
      "the call is refused",
      (h) =>
        (h.fake.failWhen = (command, region) =>
          command === "CopyImage" && region === "eu-west-1" ? Object.assign(new Error("quota"), { name: "ResourceLimitExceeded" }) : undefined),
      (h) => (h.fake.failWhen = () => undefined),
    ],
    ["the copy fails", (h) => h.fake.world.copyFailsIn.add("eu-west-1"), (h) => h.fake.world.copyFailsIn.clear()],
  ];

  it.each(copyFaults)("keeps the other regions when CopyImage fails in one (%s), and a rerun finishes only that region", async (_name, breakIt, fixIt) => {
    const h = harness();
    breakIt(h);
    const first = await runAmiPipeline(h.options());
    expect(first.ok).toBe(false);
    expect(first.units.map((u) => u.status)).toEqual(["partial", "partial"]);
    let state = await readAmiState(h.statePath);
    const regions = state.templates[GENOMICS]?.regions ?? {};
    for (const region of ["us-east-1", "us-west-2"]) expect(regions[region]?.x86_64?.state).toBe("available");
    // Never published: either absent or marked failed, which the build ignores.
    expect(regions["eu-west-1"]?.x86_64?.state ?? "absent").not.toBe("available");
    expect(h.fake.count("CreateImage")).toBe(2);
    const published = buildTree(seededInput({ amiState: state }));
    expect(Object.keys(json<PublishedTemplate>(published.files, `templates/${GENOMICS}/metadata.json`).amis).sort()).toEqual(["us-east-1", "us-west-2"]);

    fixIt(h);
    const callsBefore = h.fake.calls.length;
    const second = await runAmiPipeline(h.options({ buildId: "run-2", runtime: h.fake.runtime() }));
    expect(second.ok).toBe(true);
    const rerun = h.fake.calls.slice(callsBefore);
    expect(rerun.filter((c) => c.command === "CreateImage")).toHaveLength(0);
    expect(rerun.filter((c) => c.command === "RunInstances")).toHaveLength(0);
    expect(rerun.filter((c) => c.command === "CopyImage").map((c) => c.region)).toEqual(["eu-west-1", "eu-west-1"]);
    expect(rerun.filter((c) => c.command === "ModifyImageAttribute").map((c) => c.region)).toEqual(["eu-west-1", "eu-west-1"]);
    state = await readAmiState(h.statePath);
    for (const region of REGIONS) expect(state.templates[GENOMICS]?.regions[region]?.arm64?.state).toBe("available");
    expect(second.units.flatMap((u) => u.regions.map((r) => r.status)).sort()).toEqual([
      "available",
      "available",
      "recorded",
      "recorded",
      "recorded",
      "recorded",
    ]);
  });
});
