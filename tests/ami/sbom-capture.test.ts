import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHUNK } from "../../core/ami/capture-script.js";
import { runAmiPipeline } from "../../core/ami/pipeline.js";
import { buildTree } from "../../core/build/build-tree.js";
import { readAmiState } from "../../core/build/read-ami-state.js";
import type { CycloneDx } from "../../core/sbom/cyclonedx.js";
import { cycloneDxProblems } from "../../core/sbom/validate.js";
import { templateSbomPath } from "../../core/spec/layout.js";
import type { Catalog, PublishedTemplate } from "../../core/types/generated.js";
import { json, seededInput } from "../helpers/build-input.js";
import { FakeAws } from "./fake-aws.js";
import { SSM_STDOUT_LIMIT } from "./fake-software.js";
import { GENOMICS, harness } from "./helpers.js";

const names = (doc: CycloneDx, ecosystem: string) =>
  doc.components.filter((c) => c.properties.some((p) => p.name === "cws:ecosystem" && p.value === ecosystem)).map((c) => `${c.name}@${c.version}`);

/** A dpkg listing larger than SSM's output limit even gzipped: versions that do not compress. */
function hugeDpkg(count: number): string {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed.toString(36);
  };
  return Array.from({ length: count }, (_, i) => `ii \tpkg-${i}-${rnd()}\t${i}.${rnd()}-${rnd()}\tamd64`).join("\n");
}

describe("SBOM capture through SSM", () => {
  it("records each architecture's CycloneDX 1.5 SBOM in the AMI state, captured after the tests and before the scrub", async () => {
    const h = harness();
    const result = await runAmiPipeline(h.options());
    expect(result.ok).toBe(true);
    const entry = (await readAmiState(h.statePath)).templates[GENOMICS];
    for (const arch of ["x86_64", "arm64"] as const) {
      const recorded = entry?.sboms?.[arch];
      expect(recorded?.build_key).toBe(
        result.units.find((u) => u.arch === arch) && h.fake.world.images.get(entry?.regions["us-east-1"]?.[arch]?.image_id ?? "")?.tags["cws:build-key"],
      );
      const doc = recorded?.document as unknown as CycloneDx;
      expect(cycloneDxProblems(doc)).toEqual([]);
      expect(doc.metadata.component).toMatchObject({ name: GENOMICS, version: "3.2.2" });
      expect(names(doc, "conda")).toContain("samtools@1.21");
      expect(names(doc, "deb")).toContain("git@1:2.43.0-1ubuntu7.2");
      expect(names(doc, "pip")).toContain("numpy@2.1.3");
      // genomics has no spack specs: the capture does not ask for them.
      expect(names(doc, "spack")).toEqual([]);
      expect(doc.components.find((c) => c.name === "git")?.purl).toBe("pkg:deb/ubuntu/git@1%3A2.43.0-1ubuntu7.2?arch=amd64&distro=ubuntu-24.04");
    }
    // Order on each builder: last validation test, capture, reads, scrub.
    const comments = [...h.fake.world.commands.values()].filter((c) => c.instanceId === [...h.fake.world.instances.keys()][0]).map((c) => c.comment);
    const capture = comments.indexOf("capture software");
    expect(comments[capture - 1]).toMatch(/^test: /);
    expect(comments.slice(capture + 1, -1).every((c) => c.startsWith("capture software: read "))).toBe(true);
    expect(comments.at(-1)).toBe("scrub");

    // The build publishes the version's SBOM (both architectures) and its software summary.
    const tree = buildTree(seededInput({ amiState: await readAmiState(h.statePath) }));
    const record = json<PublishedTemplate>(tree.files, `templates/${GENOMICS}/metadata.json`);
    expect(record.software_source).toBe("sbom");
    expect(record.sbom).toBe(templateSbomPath(GENOMICS, "3.2.2"));
    expect(record.software).toContainEqual({ name: "samtools", version: "1.21", ecosystem: "conda" });
    const published = json<CycloneDx>(tree.files, templateSbomPath(GENOMICS, "3.2.2"));
    expect(cycloneDxProblems(published)).toEqual([]);
    expect(new Set(published.components.map((c) => c["bom-ref"].split("/")[0]))).toEqual(new Set(["x86_64", "arm64"]));
    const catalog = json<Catalog>(tree.files, "indexes/catalog.json");
    expect(catalog.templates.find((t) => t.template_id === GENOMICS)?.software?.packages).toContainEqual(["conda", "samtools", "1.21"]);
    // A template no image was built for carries its declared packages instead.
    const other = catalog.templates.find((t) => t.template_id === "hpc-mpi-spack")?.software;
    expect(other?.source).toBe("declared");
    expect(tree.files.has(templateSbomPath("hpc-mpi-spack", "1.0.0"))).toBe(false);
  });

  it("reads a listing larger than SSM's 24,000-character stdout in slices", async () => {
    const h = harness();
    h.fake.world.software.listings["deb.txt"] = hugeDpkg(1500);
    const result = await runAmiPipeline(h.options());
    expect(result.ok).toBe(true);
    const debReads = h.fake.world.software.reads.filter((r) => r.file === "deb.txt");
    // Both architectures read several slices, each under the limit.
    expect(debReads.length).toBeGreaterThan(2);
    expect(Math.max(...debReads.map((r) => r.length))).toBeLessThanOrEqual(CHUNK);
    expect(CHUNK).toBeLessThan(SSM_STDOUT_LIMIT);
    const doc = (await readAmiState(h.statePath)).templates[GENOMICS]?.sboms?.x86_64?.document as unknown as CycloneDx;
    expect(names(doc, "deb")).toHaveLength(1500);
  });

  const faults: [string, (h: ReturnType<typeof harness>) => void, RegExp][] = [
    [
      "the capture command fails",
      (h) => (h.fake.world.software.captureFails = "conda: command not found"),
      /software capture failed: "capture software" exited 1: conda: command not found/,
    ],
    [
      "a slice comes back cut short",
      (h) => (h.fake.world.software.alterRead = (file, i, text) => (file === "conda.json" && i === 0 ? text.slice(0, -10) : text)),
      /conda\.json came back as \d+ characters of the \d+ the builder wrote/,
    ],
    [
      "a slice is altered",
      (h) =>
        (h.fake.world.software.alterRead = (file, _i, text) =>
          file === "pip.json" ? `${text.slice(0, 5)}${text[5] === "A" ? "B" : "A"}${text.slice(6)}` : text),
      /pip\.json does not match its SHA-256/,
    ],
    [
      "a listing has malformed lines",
      (h) => (h.fake.world.software.listings["deb.txt"] = readFileSync("tests/sbom/corpus/dpkg-malformed.txt", "utf8")),
      /5 unreadable listing entries: deb line 2: expected 4 tab-separated fields/,
    ],
    ["the builder has no package database", (h) => delete h.fake.world.software.listings["deb.txt"], /wrote no system package listing/],
  ];

  it.each(faults)("fails the template and publishes no image when %s", async (_name, arrange, message) => {
    const h = harness();
    arrange(h);
    const result = await runAmiPipeline(h.options());
    expect(result.ok).toBe(false);
    for (const u of result.units) {
      expect(u.status).toBe("failed");
      expect(u.error).toMatch(message);
    }
    expect(h.fake.count("CreateImage")).toBe(0);
    const entry = (await readAmiState(h.statePath)).templates[GENOMICS];
    expect(entry?.regions ?? {}).toEqual({});
    expect(entry?.sboms).toBeUndefined();
    expect([...h.fake.world.instances.values()].every((i) => i.state === "shutting-down" || i.state === "terminated")).toBe(true);
  });

  it("refuses to publish an image from an earlier run whose SBOM is not in the state", async () => {
    const fake = new FakeAws();
    const h = harness(fake);
    fake.failWhen = (command, _region, input) =>
      command === "DescribeImages" && (input.ImageIds as string[] | undefined)?.some((id) => fake.world.images.get(id)?.tags["cws:role"] === "ami")
        ? "hang"
        : undefined;
    void runAmiPipeline(h.options({ buildId: "run-1", concurrency: 1 }));
    await fake.hung;
    expect(fake.count("CreateImage")).toBe(1);
    // An image made before SBOMs were recorded (or its record lost): drop the SBOM from the state.
    const state = JSON.parse(readFileSync(h.statePath, "utf8"));
    delete state.templates[GENOMICS].sboms;
    writeFileSync(h.statePath, JSON.stringify(state));

    fake.failWhen = () => undefined;
    const result = await runAmiPipeline(h.options({ buildId: "run-2", runtime: fake.runtime() }));
    const x86 = result.units.find((u) => u.arch === "x86_64");
    expect(x86?.status).toBe("failed");
    expect(x86?.error).toMatch(/has no SBOM in the AMI state/);
    const after = (await readAmiState(h.statePath)).templates[GENOMICS];
    expect(Object.values(after?.regions ?? {}).some((r) => r?.x86_64)).toBe(false);
    // arm64 built normally in run 2, with its SBOM.
    expect(result.units.find((u) => u.arch === "arm64")?.status).toBe("built");
    expect(after?.sboms?.arm64?.build_id).toBe("run-2");
  });
});
