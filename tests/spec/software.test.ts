import { describe, expect, it } from "vitest";
import { declaredSoftware } from "../../core/sbom/declared.js";
import { compareVersions, entrySatisfies, type HasSpec, parseHasSpec } from "../../core/spec/software.js";
import { matchesSoftware } from "../../core/spec/software-filter.js";

const spec = (text: string): HasSpec => {
  const r = parseHasSpec(text);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
};

describe("compareVersions", () => {
  it.each([
    ["1.20", "1.21", -1],
    ["1.9", "1.10", -1],
    ["1.20", "1.20.0", 0],
    ["1.20", "1.20.1", -1],
    ["1.20", "1.20-1", -1],
    ["1.20~rc1", "1.20", -1],
    ["1.20rc1", "1.20", -1],
    ["1.20a1", "1.20b1", -1],
    ["1.20.dev0", "1.20a1", -1],
    ["1.20", "1.20post1", -1],
    ["1:1.0", "2.0", 1],
    ["2.43.0-1ubuntu7.2", "2.43.0-1ubuntu7.10", -1],
    ["2024.4", "2024.10", -1],
    ["99999999999999999999.1", "99999999999999999999.2", -1],
  ])("%s vs %s is %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(0 - expected);
  });
});

describe("parseHasSpec", () => {
  it("reads names, ecosystems, operators and versions", () => {
    expect(spec("samtools>=1.20")).toMatchObject({ name: "samtools", operator: ">=", version: "1.20" });
    expect(spec("pip:numpy<2")).toMatchObject({ ecosystem: "pip", name: "numpy", operator: "<", version: "2" });
    expect(spec("r-base==4.4")).toMatchObject({ name: "r-base", operator: "=", version: "4.4" });
    expect(spec("fastp")).toEqual({ name: "fastp", text: "fastp" });
    expect(spec("git >= 1:2.40")).toMatchObject({ name: "git", operator: ">=", version: "1:2.40" });
  });

  it.each([
    ["", /no package name/],
    [">=1.20", /no package name/],
    ["samtools>=", /no version after ">="/],
    ["samtools!=1.2", /unexpected character/],
    ["samtools~=1.2", /unexpected character/],
    ["npm:left-pad", /unknown ecosystem "npm"/],
    ["samtools>=1.20 extra", /is not a version/],
    ["<script>", /no package name/],
  ])("refuses %j with a message and a hint", (text, message) => {
    const r = parseHasSpec(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.hint).toMatch(/samtools>=1\.20/);
    }
  });
});

describe("entrySatisfies", () => {
  const installed = (name: string, version: string, ecosystem: "deb" | "conda" | "pip" = "conda") => ({ name, version, ecosystem });

  it("compares installed versions with every operator", () => {
    const s = installed("samtools", "1.21");
    expect(entrySatisfies(s, "sbom", spec("samtools>=1.20"))).toBe(true);
    expect(entrySatisfies(s, "sbom", spec("samtools>1.21"))).toBe(false);
    expect(entrySatisfies(s, "sbom", spec("samtools<=1.21"))).toBe(true);
    expect(entrySatisfies(s, "sbom", spec("samtools<1.21"))).toBe(false);
    expect(entrySatisfies(s, "sbom", spec("samtools=1.21"))).toBe(true);
    expect(entrySatisfies(s, "sbom", spec("samtools=1.2"))).toBe(false);
    expect(entrySatisfies(s, "sbom", spec("Samtools"))).toBe(true);
    expect(entrySatisfies(s, "sbom", spec("pip:samtools"))).toBe(false);
  });

  it("reads = as a prefix, ignores an epoch the query does not name, and matches pip names by PEP 503", () => {
    expect(entrySatisfies(installed("python", "3.12.7"), "sbom", spec("python=3.12"))).toBe(true);
    expect(entrySatisfies(installed("python", "3.13.0"), "sbom", spec("python=3.12"))).toBe(false);
    expect(entrySatisfies(installed("git", "1:2.43.0-1ubuntu7.2", "deb"), "sbom", spec("git>=2.40"))).toBe(true);
    expect(entrySatisfies(installed("git", "1:2.43.0-1ubuntu7.2", "deb"), "sbom", spec("git<3"))).toBe(true);
    expect(entrySatisfies(installed("git", "1:2.43.0-1ubuntu7.2", "deb"), "sbom", spec("git<1:2"))).toBe(false);
    expect(entrySatisfies(installed("typing_extensions", "4.12.2", "pip"), "sbom", spec("typing-extensions>=4"))).toBe(true);
  });

  it("lets a declared constraint through only when it guarantees the spec", () => {
    const declared = (version: string) => ({ name: "samtools", version, ecosystem: "conda" as const });
    expect(entrySatisfies(declared(">=1.21"), "declared", spec("samtools>=1.20"))).toBe(true);
    expect(entrySatisfies(declared(">=1.19"), "declared", spec("samtools>=1.20"))).toBe(false);
    expect(entrySatisfies(declared(">=1.21"), "declared", spec("samtools<2"))).toBe(false);
    expect(entrySatisfies(declared(">=1.21,<1.22"), "declared", spec("samtools<2"))).toBe(true);
    expect(entrySatisfies(declared("=1.21"), "declared", spec("samtools=1.21"))).toBe(true);
    expect(entrySatisfies(declared("=1.21"), "declared", spec("samtools<=1.21"))).toBe(false);
    expect(entrySatisfies(declared(""), "declared", spec("samtools"))).toBe(true);
    expect(entrySatisfies(declared(""), "declared", spec("samtools>=1"))).toBe(false);
    expect(entrySatisfies({ name: "gromacs", version: "@2024.4", ecosystem: "spack" }, "declared", spec("gromacs>=2024"))).toBe(true);
    expect(entrySatisfies({ name: "torch", version: "==2.8.0", ecosystem: "pip" }, "declared", spec("torch=2.8"))).toBe(true);
  });
});

describe("matchesSoftware", () => {
  const software = {
    source: "sbom" as const,
    packages: [
      ["conda", "samtools", "1.21"],
      ["pip", "numpy", "2.1.3"],
      ["future-eco", "x", "1"],
    ],
  };
  it("ANDs the specs and lets no template without software through", () => {
    expect(matchesSoftware(software, [spec("samtools>=1.20"), spec("numpy>=2")])).toBe(true);
    expect(matchesSoftware(software, [spec("samtools>=1.20"), spec("numpy<2")])).toBe(false);
    expect(matchesSoftware(undefined, [spec("samtools")])).toBe(false);
    expect(matchesSoftware(undefined, [])).toBe(true);
    expect(matchesSoftware(software, [spec("x")])).toBe(false);
  });
});

describe("declaredSoftware", () => {
  it("reads each ecosystem's spec syntax", () => {
    const entries = declaredSoftware({
      base: "ubuntu-24.04",
      package_manager: "conda",
      packages: {
        system: ["git", "nvidia-driver-570-server"],
        conda: ["python=3.12", "bioconda::samtools>=1.21", "fastp"],
        pip: ["torch==2.8.0", "transformers[torch]>=4.56"],
        spack: ["gromacs@2024.4 +mpi ^openmpi@5.0.5", "armpl-gcc"],
      },
    });
    expect(entries).toEqual([
      { ecosystem: "deb", name: "git", version: "" },
      { ecosystem: "deb", name: "nvidia-driver-570-server", version: "" },
      { ecosystem: "conda", name: "python", version: "=3.12" },
      { ecosystem: "conda", name: "samtools", version: ">=1.21" },
      { ecosystem: "conda", name: "fastp", version: "" },
      { ecosystem: "pip", name: "torch", version: "==2.8.0" },
      { ecosystem: "pip", name: "transformers", version: ">=4.56" },
      { ecosystem: "spack", name: "gromacs", version: "@2024.4" },
      { ecosystem: "spack", name: "armpl-gcc", version: "" },
    ]);
  });
});
