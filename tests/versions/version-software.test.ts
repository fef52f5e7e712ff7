import { describe, expect, it } from "vitest";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { applySbom, applyUpdate, serializeAmiState } from "../../core/ami/state-merge.js";
import { buildTree } from "../../core/build/build-tree.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import type { CycloneDx } from "../../core/sbom/cyclonedx.js";
import { cycloneDxProblems } from "../../core/sbom/validate.js";
import { validatorFor } from "../../core/schema/ajv.js";
import { templateMetadataPath, templateSbomPath, templateVersionPath } from "../../core/spec/layout.js";
import type { AmiState, PublishedTemplate, Template, TemplateVersion } from "../../core/types/generated.js";
import { harness } from "../ami/helpers.js";
import { json, seededInput } from "../helpers/build-input.js";

const GENOMICS = "genomics-pipeline-v3";

/** The seeded input with genomics at `next`, 3.2.2 (as seeded) its earlier version from git. */
function bumpedInput(amiState: AmiState, next: string) {
  const input = seededInput({ amiState });
  const old = input.templates.find((t) => t.template_id === GENOMICS) as Template;
  const bumped: Template = {
    ...old,
    version: next,
    changelog: [{ version: next, date: "2026-12-07", changes: [{ kind: "changed", description: "samtools 1.22." }] }, ...(old.changelog ?? [])],
    environment: { ...old.environment, packages: { ...old.environment.packages, conda: ["samtools=1.22"] } },
  };
  return {
    ...input,
    templates: input.templates.map((t) => (t.template_id === GENOMICS ? bumped : t)),
    versionSources: new Map([[GENOMICS, [{ version: old.version, commit: "a".repeat(40), template: old }]]]),
  };
}

describe("per-version records carry that version's software and SBOM", () => {
  it("an earlier version keeps its captured SBOM after a new version's first AMI is recorded", async () => {
    const h = harness();
    expect((await runAmiPipeline(h.options())).ok).toBe(true);
    const captured = await readAmiState(h.statePath);
    const sboms = captured.templates[GENOMICS]?.sboms;
    const x86 = sboms?.x86_64;
    if (!x86 || !sboms?.arm64) throw new Error("the pipeline recorded no SBOM for both architectures");

    // 3.3.0's first SBOM and AMI replace 3.2.2: its AMIs and SBOMs move under previous.
    const next = "3.3.0";
    let state = applySbom(captured, {
      templateId: GENOMICS,
      templateVersion: next,
      arch: "x86_64",
      sbom: { ...x86, captured_at: "2026-12-07T10:00:00Z" },
    });
    state = applyUpdate(state, {
      templateId: GENOMICS,
      templateVersion: next,
      region: "us-east-1",
      arch: "x86_64",
      ami: { image_id: "ami-0123456789abcdef0", owner_id: "123456789012", created_at: "2026-12-07T11:00:00Z", state: "available" },
    });
    const entry = state.templates[GENOMICS];
    expect(entry?.template_version).toBe(next);
    expect(entry?.previous?.["3.2.2"]?.sboms).toEqual(sboms);
    // The state file stays valid with the SBOMs under previous.
    expect(validatorFor("amiState")(JSON.parse(serializeAmiState(state)))).toBe(true);

    const files = buildTree(bumpedInput(state, next)).files;
    const old = json<TemplateVersion>(files, templateVersionPath(GENOMICS, "3.2.2"));
    expect(old.software_source).toBe("sbom");
    expect(old.sbom).toBe(templateSbomPath(GENOMICS, "3.2.2"));
    // Installed versions from 3.2.2's images, not its declared constraints.
    expect(old.software).toContainEqual({ name: "samtools", version: "1.21", ecosystem: "conda" });
    expect(old.software).toContainEqual({ name: "git", version: "1:2.43.0-1ubuntu7.2", ecosystem: "deb" });
    const oldSbom = json<CycloneDx>(files, templateSbomPath(GENOMICS, "3.2.2"));
    expect(cycloneDxProblems(oldSbom)).toEqual([]);
    expect(oldSbom.metadata.component).toMatchObject({ name: GENOMICS, version: "3.2.2" });

    // The current version: its record and metadata.json say the same, from its own SBOM (x86_64 only).
    const current = json<TemplateVersion>(files, templateVersionPath(GENOMICS, next));
    const metadata = json<PublishedTemplate>(files, templateMetadataPath(GENOMICS));
    expect(current.software_source).toBe("sbom");
    expect(current.sbom).toBe(templateSbomPath(GENOMICS, next));
    expect(current.software).toEqual(metadata.software);
    expect(metadata.sbom).toBe(current.sbom);
    const currentSbom = json<CycloneDx>(files, templateSbomPath(GENOMICS, next));
    expect(currentSbom.metadata.component).toMatchObject({ name: GENOMICS, version: next });
    expect(new Set(currentSbom.components.map((c) => c["bom-ref"].split("/")[0]))).toEqual(new Set(["x86_64"]));
  }, 60_000);

  it("a version no image was built for carries its declared packages, and no SBOM", () => {
    const files = buildTree(bumpedInput({ version: 1, templates: {} }, "3.3.0")).files;
    for (const version of ["3.3.0", "3.2.2"]) {
      const record = json<TemplateVersion>(files, templateVersionPath(GENOMICS, version));
      expect(record.software_source).toBe("declared");
      expect(record.sbom).toBeUndefined();
      expect(files.has(templateSbomPath(GENOMICS, version))).toBe(false);
    }
    const current = json<TemplateVersion>(files, templateVersionPath(GENOMICS, "3.3.0"));
    expect(current.software).toContainEqual({ name: "samtools", version: "=1.22", ecosystem: "conda" });
    const old = json<TemplateVersion>(files, templateVersionPath(GENOMICS, "3.2.2"));
    expect(old.software?.find((s) => s.name === "samtools")?.version).not.toBe("=1.22");
  });
});
