import { placeholderNames } from "../shell/placeholders.js";
import type { Architecture, Environment } from "../types/generated.js";
import { type PackageTool, packageTool } from "./base-os.js";

/**
 * The install steps that turn a base OS image into a template's environment, as data. The AMI
 * build bakes them into an image and the launch user data runs them on a bare base image; both
 * take them from here, so an instance is the same whichever way it was made. Rendering is in
 * commands.ts; placeholders ({{.name}}) are left in, for the launch to substitute.
 */
export type InstallStep =
  | { kind: "system"; tool: PackageTool; packages: string[] }
  | { kind: "conda"; arch: Architecture; packages: string[] }
  | { kind: "pip"; into: "conda" | "venv"; packages: string[] }
  | { kind: "spack"; specs: string[] }
  | { kind: "users"; users: { name: string; shell: string; groups: string[] }[] }
  | { kind: "service-config"; services: { name: string; config: string[] }[] }
  | { kind: "post-install"; script: string }
  | { kind: "enable-services"; services: string[] };

export interface InstallProblem {
  /** NO_PACKAGE_TOOL: system packages on an OS whose package tool is unknown; UNSAFE_NAME: an account or unit name that is not a plain word. */
  code: "NO_PACKAGE_TOOL" | "UNSAFE_NAME";
  message: string;
}

export interface InstallPlan {
  steps: InstallStep[];
  problems: InstallProblem[];
}

// Account and unit names go into useradd, groupadd and systemctl as arguments, where a leading
// "-" would be read as an option. The schema already restricts them; checked again here.
const SAFE_NAME = /^[A-Za-z0-9@._][A-Za-z0-9@._-]*$/;

/**
 * The ordered steps: system packages (with what conda, pip and spack need), conda, pip, spack,
 * users, service configuration, post_install, then enabling services, last because post_install
 * is often what installs them (RStudio Server, DCV). Each step can run twice without harm.
 */
export function installSteps(env: Environment, arch: Architecture): InstallPlan {
  const tool = packageTool(env);
  const packages = env.packages ?? {};
  const conda = packages.conda ?? [];
  const pip = packages.pip ?? [];
  const spack = packages.spack ?? [];
  const usesConda = env.package_manager === "conda" || conda.length > 0;
  const steps: InstallStep[] = [];
  const problems: InstallProblem[] = [];

  const system = [
    ...new Set([...(packages.system ?? []), ...prerequisites(tool, { conda: usesConda, pip: pip.length > 0 && !usesConda, spack: spack.length > 0 })]),
  ];
  if (system.length > 0) {
    if (tool) steps.push({ kind: "system", tool, packages: system });
    else problems.push({ code: "NO_PACKAGE_TOOL", message: `cannot install system packages on base "${env.base}": its package tool is unknown` });
  }
  if (usesConda) steps.push({ kind: "conda", arch, packages: conda });
  if (pip.length > 0) steps.push({ kind: "pip", into: usesConda ? "conda" : "venv", packages: pip });
  if (spack.length > 0) steps.push({ kind: "spack", specs: spack });

  const users = env.users ?? [];
  if (users.length > 0) {
    const bad = users.flatMap((u) => [u.name, ...(u.groups ?? [])]).filter((n) => !SAFE_NAME.test(n));
    if (bad.length > 0) problems.push({ code: "UNSAFE_NAME", message: `user or group names ${bad.join(", ")} are not valid account names` });
    steps.push({ kind: "users", users: users.map((u) => ({ name: u.name, shell: u.shell ?? "/bin/bash", groups: [...(u.groups ?? [])] })) });
  }

  const services = env.services ?? [];
  const badUnits = services.map((s) => s.name).filter((n) => !SAFE_NAME.test(n));
  if (badUnits.length > 0) problems.push({ code: "UNSAFE_NAME", message: `service names ${badUnits.join(", ")} are not valid systemd unit names` });
  const configured = services.filter((s) => s.config?.length);
  if (configured.length > 0) steps.push({ kind: "service-config", services: configured.map((s) => ({ name: s.name, config: [...(s.config ?? [])] })) });
  if (env.post_install) steps.push({ kind: "post-install", script: env.post_install });
  const enabled = services.filter((s) => s.enable);
  if (enabled.length > 0) steps.push({ kind: "enable-services", services: enabled.map((s) => s.name) });
  return { steps, problems };
}

/** The launch parameters a step uses ({{.name}} anywhere in its packages, configuration or script). */
export function stepParameters(step: InstallStep): string[] {
  return placeholderNames(JSON.stringify(step));
}

/**
 * Which steps an image can hold and which must run at launch: everything from the first step
 * that uses a launch parameter on runs at launch, in order. Baking such a step with default
 * values would give every user the default's result (say, a 3 GB reference genome they did
 * not choose), and what follows it may depend on it (services enabled after post_install).
 */
export function splitForImage(steps: readonly InstallStep[]): { image: InstallStep[]; launch: InstallStep[] } {
  const first = steps.findIndex((s) => stepParameters(s).length > 0);
  return first === -1 ? { image: [...steps], launch: [] } : { image: steps.slice(0, first), launch: steps.slice(first) };
}

function prerequisites(tool: PackageTool | undefined, need: { conda: boolean; pip: boolean; spack: boolean }): string[] {
  const out: string[] = [];
  if (need.conda) out.push(...(tool === "dnf" ? ["curl", "bzip2"] : ["curl", "ca-certificates", "bzip2"]));
  if (need.pip) out.push(...(tool === "dnf" ? ["python3", "python3-pip"] : ["python3", "python3-venv", "python3-pip"]));
  if (need.spack) {
    out.push(
      ...(tool === "dnf"
        ? ["git", "gcc", "gcc-c++", "gcc-gfortran", "make", "patch", "bzip2", "xz", "unzip", "file", "python3"]
        : ["git", "build-essential", "gfortran", "ca-certificates", "curl", "file", "unzip", "xz-utils", "python3"]),
    );
  }
  return out;
}
