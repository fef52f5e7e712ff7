import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { serializeAmiState } from "../../core/ami/state-merge.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import { GENOMICS, harness } from "./helpers.js";

const DAY = 86_400_000;

describe("lifecycle and earlier versions (stateful EC2 fake)", () => {
  it("keeps an earlier version's AMI through its support window, then retires it and marks the state", async () => {
    const h = harness();
    await runAmiPipeline(h.options());
    const w = h.fake.world;
    const state = await readAmiState(h.statePath);
    const entry = state.templates[GENOMICS];
    const [region, byArch] = Object.entries(entry?.regions ?? {}).find(([, a]) => a?.x86_64) ?? [];
    const current = byArch?.x86_64;
    expect(region && current).toBeTruthy();
    // An earlier version's image, replaced when the current one was built.
    const old = w.addImage({
      region: region ?? "",
      tags: { "cws:role": "ami", "cws:template-id": GENOMICS, "cws:architecture": "x86_64" },
      createdAt: new Date(Date.parse(current?.created_at ?? "") - 30 * DAY).toISOString(),
    });
    const past = { image_id: old.id, owner_id: current?.owner_id ?? "", created_at: old.createdAt, state: "available" as const };
    const withPrevious = {
      ...state,
      templates: {
        ...state.templates,
        [GENOMICS]: {
          ...(entry ?? { template_version: "0", regions: {} }),
          previous: { "0.9.0": { regions: { [region ?? ""]: { x86_64: past } }, superseded_at: current?.created_at ?? "" } },
        },
      },
    };
    writeFileSync(h.statePath, serializeAmiState(withPrevious));

    // 200 days on, past retention (180) but inside the default 365-day window: kept.
    w.clock += 200 * DAY;
    await runAmiPipeline(h.options({ lifecycle: {}, lifecycleOnly: true, runtime: h.fake.runtime() }));
    expect(h.fake.callsOf("DeregisterImage").map((c) => c.input.ImageId)).not.toContain(old.id);
    expect(h.fake.callsOf("EnableImageDeprecation").map((c) => c.input.ImageId)).not.toContain(old.id);
    expect(w.images.get(old.id)?.state).toBe("available");
    expect((await readAmiState(h.statePath)).templates[GENOMICS]?.previous?.["0.9.0"]?.retired_at).toBeUndefined();

    // Past the window: lifecycle retires it like any superseded image, and the state says so.
    w.clock += 200 * DAY;
    await runAmiPipeline(h.options({ lifecycle: {}, lifecycleOnly: true, runtime: h.fake.runtime() }));
    expect(h.fake.callsOf("DeregisterImage").map((c) => c.input.ImageId)).toContain(old.id);
    expect(w.images.get(current?.image_id ?? "")?.state).toBe("available");
    expect((await readAmiState(h.statePath)).templates[GENOMICS]?.previous?.["0.9.0"]?.retired_at).toBeDefined();
  });
});
