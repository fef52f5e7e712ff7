/**
 * Base image names. CloudWorkstation accepts more spellings than the marketplace's base list:
 * every key of getDefaultBaseAMIs in pkg/templates/parser.go ("ubuntu-22.04-server-lts" is one),
 * plus distro families with a version or a version alias as pkg/templates/resolver.go's
 * VersionResolver reads them ("rocky" with 9 or lts, "amazonlinux" with 2023, "ubuntu" with
 * previous-lts). Each is mapped to the marketplace base that boots the same image.
 */
import type { Environment } from "../types/generated.js";
import type { Source } from "./source.js";

type Base = Environment["base"];

export const BASES: readonly Base[] = [
  "ubuntu",
  "ubuntu-20.04",
  "ubuntu-22.04",
  "ubuntu-24.04",
  "rocky",
  "amazonlinux",
  "alpine",
  "rhel",
  "debian",
  "ami-based",
];

// resolver.go resolveVersionAlias / getDefaultVersion: the versions CloudWorkstation knows per distro.
const UBUNTU_ALIASES: Record<string, string> = { latest: "24.04", lts: "24.04", "previous-lts": "22.04" };
const FAMILIES: Record<string, { base: Base; versions: readonly string[] }> = {
  rocky: { base: "rocky", versions: ["8", "9", "10", "latest", "lts"] },
  rockylinux: { base: "rocky", versions: ["8", "9", "10", "latest", "lts"] },
  amazonlinux: { base: "amazonlinux", versions: ["2", "2023", "latest"] },
  al: { base: "amazonlinux", versions: ["2023"] },
  alpine: { base: "alpine", versions: ["3.18", "3.19", "3.20", "latest"] },
  debian: { base: "debian", versions: ["11", "12", "latest", "lts"] },
  rhel: { base: "rhel", versions: ["8", "9", "latest"] },
};
// Words CloudWorkstation's base names add after the version (ubuntu-22.04-server-lts).
const SUFFIXES = /(?:-(?:server|desktop|lts|minimal|base))+$/;
const UBUNTU_CODENAMES: Record<string, string> = { focal: "20.04", jammy: "22.04", noble: "24.04" };

/** The marketplace base for a CloudWorkstation base name, or undefined when CloudWorkstation itself would not accept it. */
export function marketplaceBase(name: string): Base | undefined {
  const text = name.trim().toLowerCase();
  const exact = BASES.find((b) => b === text);
  if (exact) return exact;
  // "ubuntu-22.04-server-lts", "ubuntu:22.04", "ubuntu-jammy", "ubuntu-lts"
  const parts = /^([a-z]+)[-_: ]?(.*)$/.exec(text.replace(SUFFIXES, ""));
  const family = parts?.[1] ?? "";
  const version = (parts?.[2] ?? "").replace(/^linux-?/, "");
  if (family === "ubuntu") {
    const v = UBUNTU_CODENAMES[version] ?? UBUNTU_ALIASES[version] ?? version;
    if (text.endsWith("-lts") && version === "") return "ubuntu-24.04";
    const found = BASES.find((b) => b === `ubuntu-${v}`);
    return found ?? (version === "" ? "ubuntu" : undefined);
  }
  const known = FAMILIES[family === "amazon" ? "amazonlinux" : family];
  if (!known) return undefined;
  return version === "" || known.versions.includes(version) ? known.base : undefined;
}

export function mapBase(src: Source): Base | undefined {
  const base = src.string(["base"]);
  if (base === undefined) return undefined; // reported by the required-field check
  const found = marketplaceBase(base);
  if (found === undefined) {
    src.report(
      "CWS503",
      ["base"],
      `base "${base}" is not a base CloudWorkstation or the marketplace knows`,
      `use one of: ${BASES.join(", ")} (CloudWorkstation also accepts spellings such as ubuntu-22.04-server-lts and rocky-9)`,
    );
    return undefined;
  }
  if (found !== base.trim().toLowerCase()) {
    const versionLost = found === "rocky" || found === "amazonlinux" || found === "alpine" || found === "debian" || found === "rhel";
    src.report(
      "CWS504",
      ["base"],
      `base "${base}" is imported as "${found}", the marketplace base for the same image`,
      versionLost
        ? `the marketplace launches the current ${found} release; say in README.md if the template needs "${base}" exactly`
        : `write base: ${found} to silence this`,
    );
  }
  return found;
}
