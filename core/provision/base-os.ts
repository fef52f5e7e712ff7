import type { Environment } from "../types/generated.js";

/**
 * The OS family of a base image, named by its system package tool, in the template's own
 * vocabulary (environment.package_manager "apt" | "dnf").
 */
export type PackageTool = "apt" | "dnf";

/**
 * The package tool of the environment's OS: the base decides when it names an OS; an
 * "ami-based" environment (an OS we do not know) follows package_manager when that is apt or
 * dnf. Undefined when the tool is unknown (alpine has apk, which the marketplace does not drive).
 */
export function packageTool(env: Pick<Environment, "base" | "package_manager">): PackageTool | undefined {
  const own = osPackageTool(env.base);
  if (own) return own;
  if (env.base === "ami-based" && (env.package_manager === "apt" || env.package_manager === "dnf")) return env.package_manager;
  return undefined;
}

/** The package tool a named base OS comes with; undefined for alpine (apk) and ami-based. */
export function osPackageTool(base: Environment["base"]): PackageTool | undefined {
  if (base.startsWith("ubuntu") || base === "debian") return "apt";
  if (base === "rocky" || base === "rhel" || base === "amazonlinux") return "dnf";
  return undefined;
}

/** The account the base image's key pair logs in as; undefined when the base does not say. */
export function baseLoginUser(base: Environment["base"]): string | undefined {
  if (base.startsWith("ubuntu")) return "ubuntu";
  if (base === "debian") return "admin";
  if (base === "rocky") return "rocky";
  if (base === "amazonlinux" || base === "rhel") return "ec2-user";
  return undefined;
}
