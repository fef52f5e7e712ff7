import { compareSemver, parseSemver } from "../util/semver.js";
import { publishError } from "./files.js";

export type Bump = "patch" | "minor" | "major";

export const BUMPS: readonly Bump[] = ["patch", "minor", "major"];

/**
 * The next version, as semver defines it: a pre-release is released by the bump that reaches its
 * core version (1.3.0-rc.1 → minor → 1.3.0), build metadata is dropped.
 */
export function bumpVersion(version: string, bump: Bump): string {
  const v = parseSemver(version);
  if (!v) {
    throw publishError("BAD_VERSION", `the template's version "${version}" is not a semantic version`, "set an explicit higher version with --new-version");
  }
  const pre = v.prerelease.length > 0;
  if (bump === "major") return pre && v.minor === 0 && v.patch === 0 ? `${v.major}.0.0` : `${v.major + 1}.0.0`;
  if (bump === "minor") return pre && v.patch === 0 ? `${v.major}.${v.minor}.0` : `${v.major}.${v.minor + 1}.0`;
  return pre ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}.${v.patch + 1}`;
}

/** An explicit new version: it must parse and be higher than the current one (rule CWS402 says the same in CI). */
export function checkNewVersion(current: string, next: string): string {
  if (!parseSemver(next)) throw publishError("BAD_VERSION", `"${next}" is not a semantic version`, "write MAJOR.MINOR.PATCH, e.g. 2.1.0");
  if (compareSemver(next, current) <= 0) {
    throw publishError("BAD_VERSION", `version ${next} is not higher than the current ${current}`, `use --bump, or a version above ${current}`);
  }
  return next;
}
