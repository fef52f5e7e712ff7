import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AmiUpdate, applyUpdate, markRetired, recordedRegions, referencedImageIds } from "../../core/ami/state-merge.js";
import { openStateStore, StateRecorder } from "../../core/ami/state-store.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import type { AmiState } from "../../core/types/generated.js";
import { BUCKET, removeTemps, startS3 } from "../deploy/helpers.js";
import { tempDir } from "../helpers/run.js";

const ami = (id: string, state: "available" | "failed" = "available") => ({
  image_id: id,
  owner_id: "123456789012",
  created_at: "2026-11-01T00:00:00Z",
  state,
  build_id: "b",
});
const update = (region: string, arch: "x86_64" | "arm64", id: string, version = "1.0.0", state: "available" | "failed" = "available"): AmiUpdate => ({
  templateId: "t",
  templateVersion: version,
  region,
  arch,
  ami: ami(id, state),
});

describe("AMI state merging", () => {
  it("sets one region and architecture at a time, keeping the others", () => {
    let s: AmiState = { version: 1, templates: {} };
    s = applyUpdate(s, update("us-east-1", "x86_64", "ami-00000001"));
    s = applyUpdate(s, update("eu-west-1", "arm64", "ami-00000002"));
    s = applyUpdate(s, update("us-east-1", "arm64", "ami-00000003"));
    expect(s.templates.t?.regions).toEqual({
      "us-east-1": { x86_64: ami("ami-00000001"), arm64: ami("ami-00000003") },
      "eu-west-1": { arm64: ami("ami-00000002") },
    });
    expect(recordedRegions(s, "t", "1.0.0", "arm64")).toEqual(["eu-west-1", "us-east-1"]);
    expect(recordedRegions(s, "t", "1.1.0", "arm64")).toEqual([]);
  });

  it("starts afresh for a new version and never lets a failure replace an available AMI", () => {
    let s = applyUpdate({ version: 1, templates: {} }, update("us-east-1", "x86_64", "ami-00000001"));
    expect(applyUpdate(s, update("us-east-1", "x86_64", "ami-00000009", "1.0.0", "failed"))).toBe(s);
    s = applyUpdate(s, update("eu-west-1", "x86_64", "ami-00000002", "1.1.0"));
    // The replaced version's AMIs stay on record (for its support window), dated by the replacement.
    expect(s.templates.t).toEqual({
      template_version: "1.1.0",
      regions: { "eu-west-1": { x86_64: ami("ami-00000002") } },
      previous: { "1.0.0": { regions: { "us-east-1": { x86_64: ami("ami-00000001") } }, superseded_at: "2026-11-01T00:00:00Z" } },
    });
    const retired = markRetired(s, new Set(["ami-00000001"]), "2027-01-01T00:00:00Z");
    expect(retired.templates.t?.previous?.["1.0.0"]?.retired_at).toBe("2027-01-01T00:00:00Z");
    expect(referencedImageIds(retired).has("ami-00000001")).toBe(false);
    expect(referencedImageIds(s).has("ami-00000001")).toBe(true);
  });
});

describe("AMI state store", () => {
  afterAll(removeTemps);

  it("keeps entries another writer added between our writes (file)", async () => {
    const path = join(tempDir("cws-ami-state-"), "nested", "state.json");
    const store = openStateStore(path);
    const recorder = new StateRecorder(store);
    await Promise.all([recorder.record(update("us-east-1", "x86_64", "ami-00000001")), recorder.record(update("us-west-2", "x86_64", "ami-00000002"))]);
    // Someone else records another template meanwhile.
    const other = await store.read();
    other.templates.other = { template_version: "2.0.0", regions: { "us-east-1": { arm64: ami("ami-00000003") } } };
    await store.write(other);
    await recorder.record(update("eu-west-1", "x86_64", "ami-00000004"));
    const final = await readAmiState(path);
    expect(Object.keys(final.templates.t?.regions ?? {}).sort()).toEqual(["eu-west-1", "us-east-1", "us-west-2"]);
    expect(final.templates.other?.template_version).toBe("2.0.0");
    expect(readFileSync(path, "utf8")).toMatch(/^\{\n {2}"version": 1,/);
  });

  it("reads and writes s3://bucket/key, where the build reads it", async () => {
    const s3 = await startS3();
    try {
      const location = `s3://${BUCKET}/ami/state.json`;
      const recorder = new StateRecorder(openStateStore(location, s3.client));
      await recorder.record(update("us-east-1", "arm64", "ami-00000001"));
      await recorder.record(update("eu-west-1", "arm64", "ami-00000002"));
      const state = await readAmiState(location, s3.client);
      expect(Object.keys(state.templates.t?.regions ?? {}).sort()).toEqual(["eu-west-1", "us-east-1"]);
    } finally {
      await s3.close();
    }
  });

  it("refuses to write a state the build could not read", async () => {
    const store = openStateStore(join(tempDir("cws-ami-state-"), "s.json"));
    const bad = { version: 1, templates: { t: { template_version: "1", regions: { r: { x86_64: { ...ami("not-an-ami") } } } } } } as AmiState;
    await expect(store.write(bad)).rejects.toThrow(/invalid AMI state/);
  });
});
