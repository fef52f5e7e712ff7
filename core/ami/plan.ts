import { defaultInstanceType, instanceArchitecture } from "../aws/instance-types.js";
import { baseImageParameter } from "../provision/base-image.js";
import type { AmiState, Architecture, SourceImage, Template } from "../types/generated.js";
import { listingsFor } from "./capture-script.js";
import { cloudInitStep, loginUser, type Provisioning, provisionSteps } from "./provision.js";
import type { Selection } from "./select.js";
import { sharingFor } from "./sharing.js";
import { recordedRegions, recordedSbom } from "./state-merge.js";
import { buildKey } from "./tags.js";
import type { BuildPlan, BuildUnit, ImageSource, PlanProblem } from "./types.js";

export interface PlanOptions {
  buildRegion: string;
  /** The current AMI state; undefined when it was not read (dry run against S3). */
  state?: AmiState;
}

// Enough for an OS plus a conda stack when the template names no root volume size.
const DEFAULT_ROOT_GB = 40;

/** Turns the selected templates into build units, one per architecture. Pure: nothing is resolved against AWS. */
export function planBuilds(selection: Selection, options: PlanOptions): BuildPlan {
  const plan: BuildPlan = { buildRegion: options.buildRegion, units: [], upToDate: [], skipped: [...selection.skipped], problems: [] };
  for (const { template } of selection.selected) {
    for (const arch of template.architecture) {
      const made = unitFor(template, arch, options);
      if ("problems" in made) {
        plan.problems.push(...made.problems);
        continue;
      }
      const { unit } = made;
      if (unit.targetRegions.every((r) => unit.recordedRegions.includes(r))) plan.upToDate.push(unit);
      else plan.units.push(unit);
    }
  }
  return plan;
}

function unitFor(t: Template, arch: Architecture, options: PlanOptions): { unit: BuildUnit } | { problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const problem = (message: string, hint: string) => problems.push({ templateId: t.template_id, arch, message, hint });

  // A captured image already holds the environment: no base image, no provisioning.
  const captured = t.ami?.source_images?.[arch];
  const base = captured ? capturedSource(captured) : baseSource(t, arch);
  if ("error" in base) problem(base.error, base.hint);
  const { type } = defaultInstanceType(t.environment, arch);
  const instanceType = type ?? (arch === "arm64" ? "m7g.large" : "m7i.large");
  if (instanceArchitecture(instanceType) !== arch)
    problem(`instance type ${instanceType} does not run ${arch}`, `set environment.instance_defaults.instance_types.${arch}`);
  const sharing = sharingFor(t);
  if ("error" in sharing) problem(sharing.error, sharing.hint);
  const provisioning = captured ? capturedSteps(captured, options.buildRegion) : provisionSteps(t, arch);
  for (const message of provisioning.problems) problem(message, "fix the template's environment, or set ami.build to false");
  if ("error" in base || "error" in sharing || problems.length > 0) return { problems };

  const targetRegions = [...(t.ami?.regions ?? t.regions)];
  const recorded = recordedRegions(options.state, t.template_id, t.version, arch).filter((r) => targetRegions.includes(r));
  return {
    unit: {
      template: t,
      templateId: t.template_id,
      version: t.version,
      arch,
      buildKey: buildKey(t, arch),
      instanceType,
      rootVolumeGb: t.environment.instance_defaults.root_volume_gb ?? DEFAULT_ROOT_GB,
      from: base.from,
      targetRegions,
      recordedRegions: recorded,
      sharing: sharing.sharing,
      steps: provisioning.steps,
      listings: listingsFor(provisioning.installSteps, captured !== undefined),
      sbomRecorded: recordedSbom(options.state, t.template_id, t.version, arch)?.build_key === buildKey(t, arch),
      tests: [...(t.validation_tests ?? [])],
      runAs: loginUser(t),
      notes: [
        ...provisioning.notes,
        ...(targetRegions.includes(options.buildRegion)
          ? []
          : [`built in ${options.buildRegion}, which is not a target: the source image there is not published`]),
      ],
    },
  };
}

function baseSource(t: Template, arch: Architecture): { from: ImageSource } | { error: string; hint: string } {
  const base = baseImageParameter(t, arch);
  return "error" in base ? base : { from: { kind: "base", parameter: base.parameter } };
}

// The schema already requires these shapes; checked again because the id and owner go straight into an EC2 call.
const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;
const ACCOUNT_ID = /^\d{12}$/;

function capturedSource(image: SourceImage): { from: ImageSource } | { error: string; hint: string } {
  if (!IMAGE_ID.test(image.image_id)) return { error: `ami.source_images names "${image.image_id}", which is not an AMI id`, hint: "use ami-…" };
  if (!ACCOUNT_ID.test(image.owner_id))
    return { error: `ami.source_images owner "${image.owner_id}" is not a 12-digit account id`, hint: "name the account that owns the image" };
  return { from: { kind: "captured", image } };
}

/** A captured image is only waited on before its tests: provisioning already happened on the workstation. */
function capturedSteps(image: SourceImage, buildRegion: string): Provisioning {
  const copied = image.region === buildRegion ? "" : `, copied from ${image.region} to ${buildRegion} first`;
  return {
    steps: [cloudInitStep()],
    installSteps: [],
    notes: [`boots the image captured from a workstation${copied}; packages, users, services and post_install are not run again`],
    problems: [],
  };
}
