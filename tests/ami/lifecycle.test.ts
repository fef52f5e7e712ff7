import { describe, expect, it } from "vitest";
import type { ImageInfo } from "../../core/ami/ec2-images.js";
import { DEFAULT_POLICY, planLifecycle } from "../../core/ami/lifecycle.js";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import type { AmiState } from "../../core/types/generated.js";
import { ACCOUNT } from "./fake-aws.js";
import { GENOMICS, harness } from "./helpers.js";

const NOW = new Date("2026-11-01T00:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function image(id: string, templateId: string, createdAt: string, extra: Partial<ImageInfo> = {}): ImageInfo {
  return {
    id,
    state: "available",
    ownerId: ACCOUNT,
    createdAt,
    tags: { "cws:role": "ami", "cws:template-id": templateId, "cws:architecture": "x86_64" },
    public: false,
    snapshotIds: [`snap-${id.slice(4)}`],
    ...extra,
  };
}

function stateWith(entries: Record<string, { id: string; created: string }>): AmiState {
  const templates: AmiState["templates"] = {};
  for (const [templateId, { id, created }] of Object.entries(entries)) {
    templates[templateId] = {
      template_version: "2.0.0",
      regions: { "us-east-1": { x86_64: { image_id: id, owner_id: ACCOUNT, created_at: created, state: "available" } } },
    };
  }
  return { version: 1, templates };
}

describe("lifecycle plan", () => {
  const state = stateWith({
    "retired-long-ago": { id: "ami-0000000000000a001", created: daysAgo(200) },
    "replaced-last-month": { id: "ami-0000000000000b001", created: daysAgo(30) },
    "replaced-this-week": { id: "ami-0000000000000c001", created: daysAgo(5) },
  });
  const images = new Map([
    [
      "us-east-1",
      [
        image("ami-0000000000000a001", "retired-long-ago", daysAgo(200)),
        image("ami-0000000000000a000", "retired-long-ago", daysAgo(400)),
        image("ami-0000000000000b001", "replaced-last-month", daysAgo(30)),
        image("ami-0000000000000b000", "replaced-last-month", daysAgo(90)),
        image("ami-0000000000000c001", "replaced-this-week", daysAgo(5)),
        image("ami-0000000000000c000", "replaced-this-week", daysAgo(60)),
        image("ami-0000000000000d000", "not-in-state", daysAgo(900)),
      ],
    ],
  ]);

  it("deprecates after the grace period, deletes after retention, and keeps the rest", () => {
    const plan = planLifecycle({ images, state, now: NOW, policy: DEFAULT_POLICY });
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: "deregister", imageId: "ami-0000000000000a000", snapshotIds: ["snap-0000000000000a000"] }),
      expect.objectContaining({ kind: "deprecate", imageId: "ami-0000000000000b000" }),
    ]);
    const deprecate = plan.actions.find((a) => a.kind === "deprecate");
    expect(deprecate && Date.parse(deprecate.deprecateAt)).toBeGreaterThan(NOW.getTime());
    const kept = new Map(plan.kept.map((k) => [k.imageId, k.reason]));
    expect(kept.get("ami-0000000000000c000")).toContain("grace period");
    expect(kept.get("ami-0000000000000d000")).toContain("no newer available AMI");
    for (const id of ["ami-0000000000000a001", "ami-0000000000000b001", "ami-0000000000000c001"]) expect(kept.get(id)).toBe("referenced by the AMI state");
  });

  it("never touches an AMI that is referenced, even one past retention", () => {
    const plan = planLifecycle({
      images,
      state,
      now: NOW,
      policy: DEFAULT_POLICY,
      alsoReferenced: new Set(["ami-0000000000000a000", "ami-0000000000000b000"]),
    });
    expect(plan.actions).toEqual([]);
    // Referenced from another template's entry counts too.
    const shared = stateWith({
      ...Object.fromEntries(
        Object.entries(state.templates).map(([k, v]) => [
          k,
          { id: v?.regions["us-east-1"]?.x86_64?.image_id ?? "", created: v?.regions["us-east-1"]?.x86_64?.created_at ?? "" },
        ]),
      ),
      other: { id: "ami-0000000000000a000", created: daysAgo(400) },
    });
    expect(planLifecycle({ images, state: shared, now: NOW, policy: DEFAULT_POLICY }).actions.map((a) => a.imageId)).toEqual(["ami-0000000000000b000"]);
  });

  it("does nothing at all when the state is empty or lost", () => {
    const plan = planLifecycle({ images, state: { version: 1, templates: {} }, now: NOW, policy: { graceDays: 0, retentionDays: 1, warnDays: 60 } });
    expect(plan.actions).toEqual([]);
  });

  it("warns before a referenced public AMI reaches AWS's two-year deprecation", () => {
    const old = stateWith({
      aging: { id: "ami-0000000000000e001", created: "2024-12-01T00:00:00.000Z" },
      fresh: { id: "ami-0000000000000f001", created: daysAgo(10) },
    });
    const plan = planLifecycle({
      images: new Map([
        [
          "us-east-1",
          [
            image("ami-0000000000000e001", "aging", "2024-12-01T00:00:00.000Z", { public: true }),
            image("ami-0000000000000f001", "fresh", daysAgo(10), { public: true }),
          ],
        ],
      ]),
      state: old,
      now: NOW,
      policy: DEFAULT_POLICY,
    });
    expect(plan.actions).toEqual([]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ imageId: "ami-0000000000000e001", templateId: "aging" });
    expect(plan.warnings[0]?.deprecatesAt.slice(0, 10)).toBe("2026-12-01");
    expect(plan.warnings[0]?.message).toContain("in 30 days");
  });
});

describe("lifecycle against the fake", () => {
  it("deprecates and deletes superseded images, spares the recorded ones, and terminates stale builders", async () => {
    const h = harness();
    await runAmiPipeline(h.options());
    const state = await readAmiState(h.statePath);
    const recorded = new Set(Object.values(state.templates[GENOMICS]?.regions ?? {}).flatMap((r) => [r?.x86_64?.image_id, r?.arm64?.image_id]));
    const w = h.fake.world;
    const tags = (arch: string) => ({ "cws:role": "ami", "cws:template-id": GENOMICS, "cws:architecture": arch });
    // Move time on so the recorded images are old enough to have retired their predecessors.
    w.clock += 200 * 86_400_000;
    const ancient = w.addImage({ region: "us-west-2", tags: tags("arm64"), createdAt: "2026-01-01T00:00:00.000Z", architecture: "arm64" });
    const leftover = w.addImage({ region: "eu-west-1", tags: tags("x86_64"), createdAt: "2026-06-01T00:00:00.000Z" });
    w.instances.set("i-0000000000000dead", {
      id: "i-0000000000000dead",
      region: "us-east-1",
      state: "running",
      tags: { "cws:role": "ami-builder", "cws:template-id": GENOMICS },
      imageId: "",
      instanceType: "m7i.large",
      launchTime: new Date(w.clock - 48 * 3600_000),
      settle: 0,
      onlineIn: 0,
    });

    const result = await runAmiPipeline(h.options({ lifecycle: {}, lifecycleOnly: true, runtime: h.fake.runtime() }));
    expect(result.ok).toBe(true);
    expect(
      h.fake
        .callsOf("DeregisterImage")
        .map((c) => c.input.ImageId)
        .sort(),
    ).toEqual([ancient.id, leftover.id].sort());
    expect(
      h.fake
        .callsOf("DeleteSnapshot")
        .map((c) => c.input.SnapshotId)
        .sort(),
    ).toEqual([...ancient.snapshotIds, ...leftover.snapshotIds].sort());
    for (const c of [...h.fake.callsOf("DeregisterImage"), ...h.fake.callsOf("EnableImageDeprecation")])
      expect(recorded.has(c.input.ImageId as string)).toBe(false);
    for (const id of recorded) expect(w.images.get(id ?? "")?.state).toBe("available");
    expect(w.instances.get("i-0000000000000dead")?.state).toBe("shutting-down");
    expect(h.fake.count("RunInstances")).toBe(2); // lifecycle-only builds nothing

    // Within the grace period nothing happens; after it, deprecation.
    const recent = w.addImage({ region: "us-east-1", tags: tags("x86_64"), createdAt: "2026-10-01T00:00:00.000Z" });
    const later = await runAmiPipeline(h.options({ lifecycle: { graceDays: 250, retentionDays: 400 }, lifecycleOnly: true, runtime: h.fake.runtime() }));
    expect(later.lifecycle?.results).toEqual([]);
    await runAmiPipeline(h.options({ lifecycle: { graceDays: 100, retentionDays: 400 }, lifecycleOnly: true, runtime: h.fake.runtime() }));
    expect(h.fake.callsOf("EnableImageDeprecation").map((c) => c.input.ImageId)).toEqual([recent.id]);
    expect(w.images.get(recent.id)?.deprecationTime).toBeDefined();
  });
});
