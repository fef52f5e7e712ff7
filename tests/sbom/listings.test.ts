import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCondaList, parseDpkg, parsePipList, parseRpm, parseSpackFind } from "../../core/sbom/listings.js";
import { ROOT } from "../helpers/run.js";

const corpus = (name: string) => readFileSync(join(ROOT, "tests/sbom/corpus", name), "utf8");

describe("package listing parsers", () => {
  it("reads installed Debian packages and skips removed and half-installed ones", () => {
    const { packages, problems } = parseDpkg(corpus("dpkg-ubuntu-24.04.txt"));
    expect(problems).toEqual([]);
    expect(packages).toHaveLength(18);
    expect(packages.find((p) => p.name === "git")).toEqual({ ecosystem: "deb", name: "git", version: "1:2.43.0-1ubuntu7.2", arch: "amd64" });
    expect(packages.map((p) => p.name)).not.toContain("linux-image-6.8.0-1012-aws");
    expect(packages.map((p) => p.name)).not.toContain("unattended-upgrades");
  });

  it("reports each malformed dpkg line with its line number and keeps the good ones", () => {
    const { packages, problems } = parseDpkg(corpus("dpkg-malformed.txt"));
    expect(packages.map((p) => p.name)).toEqual(["bash"]);
    expect(problems.map((p) => p.where)).toEqual(["line 2", "line 3", "line 4", "line 5", "line 6"]);
    expect(problems[0]?.message).toMatch(/expected 4 tab-separated fields/);
    expect(problems[1]?.message).toMatch(/package name "" is not/);
    expect(problems[2]?.message).toMatch(/version "\(none\)" of pigz/);
    expect(problems[3]?.message).toMatch(/status "xx\?"/);
  });

  it("reads rpm listings with epochs and releases, without gpg-pubkey entries", () => {
    const { packages, problems } = parseRpm(corpus("rpm-rocky-9.txt"));
    expect(problems).toEqual([]);
    expect(packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      "bash 5.2.26-3.el9",
      "curl 7.76.1-29.el9_4.1",
      "openssl 1:3.0.7-28.el9_4",
      "python3 3.9.18-3.el9_4.6",
      "tzdata 2024b-2.el9",
    ]);
  });

  it("reports malformed rpm lines", () => {
    const { packages, problems } = parseRpm(corpus("rpm-malformed.txt"));
    expect(packages).toHaveLength(1);
    expect(problems).toEqual([
      { listing: "rpm", where: "line 2", message: 'epoch "one" of curl is neither a number nor (none)' },
      expect.objectContaining({ listing: "rpm", where: "line 3", message: expect.stringMatching(/expected 5 tab-separated fields/) }),
    ]);
  });

  it("reads conda list --json, leaving pypi entries to pip", () => {
    const { packages, problems } = parseCondaList(corpus("conda-list.json"));
    expect(problems).toEqual([]);
    expect(packages.map((p) => `${p.name}=${p.version}`)).toEqual(["samtools=1.21", "bcftools=1.21", "gatk4=4.6.1.0", "python=3.12.7", "r-base=4.4.2"]);
    expect(packages[0]).toMatchObject({ ecosystem: "conda", arch: "linux-64" });
  });

  it("reports malformed conda items by JSON pointer", () => {
    const { packages, problems } = parseCondaList(corpus("conda-malformed.json"));
    expect(packages.map((p) => p.name)).toEqual(["samtools"]);
    expect(problems.map((p) => `${p.where} ${p.message}`)).toEqual([
      "/1/version missing or not a string",
      "/2 expected an object with name and version",
      '/3/name "fastp; rm -rf /" is not a package name',
      "/4/version missing or not a string",
    ]);
  });

  it("reads pip list --format json and reports truncated JSON without throwing", () => {
    expect(parsePipList(corpus("pip-list.json")).packages.map((p) => p.name)).toEqual(["cyvcf2", "numpy", "pip", "pysam", "typing_extensions"]);
    const broken = parsePipList(corpus("pip-truncated.txt"));
    expect(broken.packages).toEqual([]);
    expect(broken.problems).toEqual([expect.objectContaining({ listing: "pip", where: "/", message: expect.stringMatching(/^not JSON/) })]);
    expect(parsePipList('{"name":"x"}').problems[0]?.message).toBe("expected a JSON array of packages, got object");
    expect(parsePipList("null").problems[0]?.message).toBe("expected a JSON array of packages, got null");
  });

  it("reads spack find --json with either form of target", () => {
    const { packages, problems } = parseSpackFind(corpus("spack-find.json"));
    expect(problems).toEqual([]);
    expect(packages).toEqual([
      { ecosystem: "spack", name: "openmpi", version: "5.0.5", arch: "neoverse_v1" },
      { ecosystem: "spack", name: "gromacs", version: "2024.4", arch: "neoverse_v1" },
    ]);
  });

  it("never throws on arbitrary bytes", () => {
    const junk = ["\u0000\u0001\t\t\t\n", "ii \t\t\t\t\t\n", "{", "[[[", "\ud800", "ii \tx\t1\tamd64\r\n"];
    for (const text of junk) {
      for (const parse of [parseDpkg, parseRpm, parseCondaList, parsePipList, parseSpackFind]) expect(() => parse(text)).not.toThrow();
    }
    expect(parseDpkg("ii \tx\t1\tamd64\r\n").packages).toEqual([{ ecosystem: "deb", name: "x", version: "1", arch: "amd64" }]);
  });
});
