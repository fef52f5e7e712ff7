import { baseLoginUser } from "../provision/base-os.js";
import { stepCommands } from "../provision/commands.js";
import { stepName } from "../provision/labels.js";
import { type InstallStep, installSteps, splitForImage, stepParameters } from "../provision/steps.js";
import type { Architecture, Template } from "../types/generated.js";
import { STRICT } from "./shell.js";
import type { ShellStep } from "./types.js";

/** Where the builder keeps its scripts; scrubbed before the image is taken. */
export const WORK_DIR = "/var/lib/cws-build";

// Generous defaults: a step that hits its timeout fails the build, and a spack stack compiles from source.
export const STEP_TIMEOUTS = {
  cloudInit: 900,
  system: 1800,
  conda: 3600,
  pip: 1800,
  spack: 4 * 3600,
  users: 120,
  services: 300,
  postInstall: 3600,
} as const;

const TIMEOUT: Record<InstallStep["kind"], number> = {
  system: STEP_TIMEOUTS.system,
  conda: STEP_TIMEOUTS.conda,
  pip: STEP_TIMEOUTS.pip,
  spack: STEP_TIMEOUTS.spack,
  users: STEP_TIMEOUTS.users,
  "service-config": STEP_TIMEOUTS.services,
  "post-install": STEP_TIMEOUTS.postInstall,
  "enable-services": STEP_TIMEOUTS.services,
};

/** The account a base image logs in as, which validation tests use when the template creates none. */
export function loginUser(t: Template): string {
  return t.environment.users?.[0]?.name ?? baseLoginUser(t.environment.base) ?? "root";
}

/**
 * The first step on every builder. Package installs race cloud-init's own apt/dnf run for the
 * package lock otherwise; on a captured image, cloud-init's per-instance run (new host keys,
 * hostname) must be over before the scrub removes what it writes.
 */
export function cloudInitStep(): ShellStep {
  return {
    name: "wait for cloud-init",
    timeoutSeconds: STEP_TIMEOUTS.cloudInit,
    commands: ["if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null || true; fi", `install -d -m 0700 ${WORK_DIR}`],
  };
}

export interface Provisioning {
  steps: ShellStep[];
  /** The template's install steps the image holds, in order (core/provision); the rest run at launch. */
  installSteps: InstallStep[];
  notes: string[];
  problems: string[];
}

/**
 * The builder's steps: wait for cloud-init, then the template's install steps an image can hold
 * (core/provision), each a strict bash script that cleans up the caches it filled, since they
 * would ship in the image.
 */
export function provisionSteps(t: Template, arch: Architecture): Provisioning {
  const plan = installSteps(t.environment, arch);
  const { image, launch } = splitForImage(plan.steps);
  const notes: string[] = [];
  const first = launch[0];
  if (first) {
    const params = stepParameters(first);
    const after = launch.slice(1).map(stepName);
    const what = after.length > 0 ? `it and what follows (${after.join(", ")}) run` : "it runs";
    notes.push(`${stepName(first)} uses launch parameters (${params.join(", ")}), so ${what} at launch, not in the image`);
  }
  const steps = image.map(
    (step): ShellStep => ({
      name: stepName(step),
      timeoutSeconds: TIMEOUT[step.kind],
      commands: [STRICT, ...stepCommands(step, { workDir: WORK_DIR, startServices: false }), ...cleanup(step)],
    }),
  );
  return { steps: [cloudInitStep(), ...steps], installSteps: image, notes, problems: plan.problems.map((p) => p.message) };
}

/** Caches a step leaves behind, which only an image needs to shed. */
function cleanup(step: InstallStep): string[] {
  switch (step.kind) {
    case "system":
      return [step.tool === "apt" ? "apt-get clean" : "dnf clean all"];
    case "conda":
      return ["/opt/conda/bin/conda clean -afy"];
    case "spack":
      return ["spack clean -a"];
    default:
      return [];
  }
}
