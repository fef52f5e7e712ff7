import type { Architecture, SourceImage, Template, ValidationTest } from "../types/generated.js";
import type { Listings } from "./capture-script.js";

/** One shell step run on the builder through SSM Run Command (AWS-RunShellScript). */
export interface ShellStep {
  name: string;
  /** Passed to the agent as executionTimeout; the step fails when it runs longer. */
  timeoutSeconds: number;
  /** Script lines; the agent joins them into one script file. */
  commands: string[];
}

/** Who may launch the published images. */
export interface Sharing {
  public: boolean;
  organizationArns: string[];
  accountIds: string[];
}

/**
 * What the builder boots: the base image a public SSM parameter names (then provisioned), or an
 * image captured from a running workstation (ami.source_images), which already holds the
 * environment and is only tested, scrubbed and re-imaged.
 */
export type ImageSource = { kind: "base"; parameter: string } | { kind: "captured"; image: SourceImage };

/** Everything needed to build one template for one architecture, resolved without AWS. */
export interface BuildUnit {
  template: Template;
  templateId: string;
  version: string;
  arch: Architecture;
  /** Identifies this build across reruns: template, version, architecture and a hash of what goes into the image. */
  buildKey: string;
  instanceType: string;
  rootVolumeGb: number;
  /** What the builder boots; a base parameter is resolved, and a captured image's owner checked, only when the build runs. */
  from: ImageSource;
  /** Where the image is published, build region included when listed. */
  targetRegions: string[];
  /** Target regions that already hold an available AMI of this version (from the state file). */
  recordedRegions: string[];
  sharing: Sharing;
  steps: ShellStep[];
  /** The package listings the SBOM capture takes after provisioning (capture-script.ts). */
  listings: Listings;
  /** The state already holds this build key's SBOM (an earlier run captured it before its image). */
  sbomRecorded: boolean;
  tests: ValidationTest[];
  /** Account the validation tests run as (the template's first user, else the image's login user). */
  runAs: string;
  notes: string[];
}

export interface PlanProblem {
  templateId: string;
  arch?: Architecture;
  message: string;
  hint: string;
}

export interface BuildPlan {
  buildRegion: string;
  units: BuildUnit[];
  /** Units whose every target region already has an available AMI of the current version. */
  upToDate: BuildUnit[];
  /** Templates left out, and why (not changed, ami.build off). */
  skipped: { templateId: string; reason: string }[];
  problems: PlanProblem[];
}

export type ProgressStatus = "start" | "done" | "skip" | "fail" | "info" | "warn";

/** One progress line: per template, architecture, region and step. */
export interface ProgressEvent {
  templateId: string;
  arch?: Architecture;
  region?: string;
  step: string;
  status: ProgressStatus;
  detail?: string;
}

export type OnProgress = (event: ProgressEvent) => void;

/** A finished Run Command invocation. */
export interface CommandResult {
  /** SSM status: Success, Failed, TimedOut, Cancelled, ... */
  status: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What a step did, kept for the build log. */
export interface StepRecord {
  name: string;
  status: "ok" | "failed" | "skipped";
  durationMs: number;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  detail?: string;
}

export interface RegionOutcome {
  region: string;
  status: "available" | "recorded" | "failed";
  imageId?: string;
  error?: string;
}

export interface UnitResult {
  templateId: string;
  version: string;
  arch: Architecture;
  /** built: every region done; partial: some regions failed; failed: no image; up-to-date: nothing to do. */
  status: "built" | "partial" | "failed" | "up-to-date";
  sourceImageId?: string;
  regions: RegionOutcome[];
  steps: StepRecord[];
  error?: string;
}
