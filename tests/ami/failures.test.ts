import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import { awsError, FakeAws } from "./fake-aws.js";
import type { FakeCommand } from "./fake-world.js";
import { GENOMICS, harness, passingResponder } from "./helpers.js";

const terminated = (fake: FakeAws) => [...fake.world.instances.values()].every((i) => i.state === "shutting-down" || i.state === "terminated");

function failingTest(name: string) {
  const pass = passingResponder();
  return (c: FakeCommand) => (c.comment === `test: ${name}` ? { status: "Success" as const, exitCode: 0, stdout: "something else\n" } : pass(c));
}

describe("failure paths", () => {
  const paths: [string, (fake: FakeAws) => void][] = [
    ["success", () => undefined],
    ["the builder never comes online in SSM", (fake) => (fake.world.ssmOnline = false)],
    [
      "a provisioning step fails",
      (fake) => {
        const pass = passingResponder();
        fake.world.respond = (c) => (c.comment === "conda packages" ? { status: "Failed", exitCode: 1, stderr: "PackagesNotFoundError: gatk4\n" } : pass(c));
      },
    ],
    ["a validation test fails", (fake) => (fake.world.respond = failingTest("samtools version"))],
    [
      "an AWS call throws",
      (fake) => (fake.failWhen = (command) => (command === "CreateImage" ? awsError("InvalidParameterValue", "bad block device mapping") : undefined)),
    ],
    [
      "a step times out",
      (fake) => {
        fake.world.respond = () => ({ status: "TimedOut", exitCode: -1 });
      },
    ],
  ];

  it.each(paths)("terminates every builder on %s", async (name, arrange) => {
    const h = harness();
    arrange(h.fake);
    const result = await runAmiPipeline(h.options());
    expect(h.fake.world.instances.size).toBe(2);
    expect(terminated(h.fake)).toBe(true);
    expect(
      h.fake
        .callsOf("TerminateInstances")
        .flatMap((c) => c.input.InstanceIds as string[])
        .sort(),
    ).toEqual([...h.fake.world.instances.keys()].sort());
    expect(result.ok).toBe(name === "success");
    if (name !== "success") expect(result.units.every((u) => u.status === "failed" && u.error)).toBe(true);
  });

  it("neither images, shares nor records anything when a validation test fails", async () => {
    const h = harness();
    h.fake.world.respond = failingTest("DESeq2 loads");
    const result = await runAmiPipeline(h.options());
    expect(result.units.map((u) => u.status)).toEqual(["failed", "failed"]);
    expect(result.units[0]?.error).toContain("DESeq2 loads");
    expect(h.fake.count("CreateImage")).toBe(0);
    expect(h.fake.count("CopyImage")).toBe(0);
    expect(h.fake.count("ModifyImageAttribute")).toBe(0);
    // Every test still ran, so the log shows all that failed, and the scrub did not.
    expect(h.fake.callsOf("SendCommand").filter((c) => String(c.input.Comment).startsWith("test: "))).toHaveLength(12);
    expect(h.fake.callsOf("SendCommand").some((c) => c.input.Comment === "scrub")).toBe(false);
    const state = existsSync(h.statePath) ? await readAmiState(h.statePath) : { templates: {} as Record<string, unknown> };
    expect(state.templates[GENOMICS]).toBeUndefined();
    const failed = result.units[0]?.steps.find((s) => s.name === "test: DESeq2 loads");
    expect(failed).toMatchObject({ status: "failed", stdout: "something else\n" });
  });

  it("shares only the architecture whose tests pass", async () => {
    const h = harness();
    const pass = passingResponder();
    // Fail one test on the x86_64 builder only.
    h.fake.world.respond = (c) => {
      const arch = h.fake.world.instances.get(c.instanceId)?.tags["cws:architecture"];
      return arch === "x86_64" && c.comment === "test: gatk runs" ? { status: "Failed", exitCode: 127, stderr: "gatk: not found" } : pass(c);
    };
    const result = await runAmiPipeline(h.options());
    expect(result.units.map((u) => [u.arch, u.status])).toEqual([
      ["x86_64", "failed"],
      ["arm64", "built"],
    ]);
    const shared = h.fake.callsOf("ModifyImageAttribute").map((c) => h.fake.world.images.get(c.input.ImageId as string)?.architecture);
    expect(shared).toHaveLength(3);
    expect(new Set(shared)).toEqual(new Set(["arm64"]));
    const state = await readAmiState(h.statePath);
    for (const byArch of Object.values(state.templates[GENOMICS]?.regions ?? {})) {
      expect(byArch?.x86_64).toBeUndefined();
      expect(byArch?.arm64?.state).toBe("available");
    }
  });
});

describe("resuming after a crash", () => {
  it("continues a half-provisioned builder found by its tags, without launching another", async () => {
    const fake = new FakeAws();
    const h = harness(fake);
    // The process dies while the pip step runs: the call never returns and nothing is cleaned up.
    fake.failWhen = (command, _region, input) => (command === "SendCommand" && input.Comment === "pip packages" ? "hang" : undefined);
    void runAmiPipeline(h.options({ buildId: "run-1" }));
    await fake.hung;
    // Wait until the other architecture is stuck at the same point, so run 1 is fully stalled.
    const stuck = () => fake.callsOf("SendCommand").filter((c) => c.input.Comment === "pip packages").length;
    for (let i = 0; i < 2000 && stuck() < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(stuck()).toBe(2);
    expect([...fake.world.instances.values()].map((i) => i.state)).toEqual(["running", "running"]);
    const builders = [...fake.world.instances.keys()];

    fake.failWhen = () => undefined;
    const before = fake.calls.length;
    const result = await runAmiPipeline(h.options({ buildId: "run-2", runtime: fake.runtime() }));
    expect(result.ok).toBe(true);
    const rerun = fake.calls.slice(before);
    expect(rerun.filter((c) => c.command === "RunInstances")).toHaveLength(0);
    const comments = rerun.filter((c) => c.command === "SendCommand").map((c) => c.input.Comment);
    // Steps finished before the crash are not repeated; the interrupted one is.
    expect(comments).not.toContain("conda packages");
    expect(comments.filter((c) => c === "pip packages")).toHaveLength(2);
    expect(comments.filter((c) => c === "scrub")).toHaveLength(2);
    expect(
      rerun
        .filter((c) => c.command === "CreateImage")
        .map((c) => c.input.InstanceId)
        .sort(),
    ).toEqual([...builders].sort());
    expect(terminated(fake)).toBe(true);
    const state = await readAmiState(h.statePath);
    expect(Object.keys(state.templates[GENOMICS]?.regions ?? {})).toHaveLength(3);
  });

  it("reuses an image created before the crash instead of building again", async () => {
    const fake = new FakeAws();
    const h = harness(fake);
    // Dies while waiting for the new image: CreateImage went through, the builder is stopped, not terminated.
    fake.failWhen = (command, _region, input) =>
      command === "DescribeImages" && (input.ImageIds as string[] | undefined)?.some((id) => fake.world.images.get(id)?.tags["cws:role"] === "ami")
        ? "hang"
        : undefined;
    void runAmiPipeline(h.options({ buildId: "run-1", concurrency: 1, templates: [GENOMICS] }));
    await fake.hung;
    expect(fake.count("CreateImage")).toBe(1);
    expect([...fake.world.instances.values()][0]?.state).toBe("stopped");

    fake.failWhen = () => undefined;
    const before = fake.calls.length;
    const result = await runAmiPipeline(h.options({ buildId: "run-2", runtime: fake.runtime() }));
    expect(result.ok).toBe(true);
    const rerun = fake.calls.slice(before);
    // x86_64 resumes from its image; arm64 (never started in run 1) builds normally.
    expect(rerun.filter((c) => c.command === "CreateImage")).toHaveLength(1);
    expect(rerun.filter((c) => c.command === "RunInstances")).toHaveLength(1);
    expect(terminated(fake)).toBe(true);
    const state = await readAmiState(h.statePath);
    const x86 = state.templates[GENOMICS]?.regions["us-east-1"]?.x86_64;
    expect(x86?.build_id).toBe("run-1");
    expect(fake.world.images.get(x86?.image_id ?? "")?.tags["cws:build-id"]).toBe("run-1");
  });
});
