import type { CycloneDx } from "../sbom/cyclonedx.js";
import type { ClientsFor } from "./clients.js";
import type { Runtime, Timeouts } from "./runtime.js";
import type { BuildUnit, ProgressStatus, StepRecord } from "./types.js";

/** Where and how builders run: from flags or the environment, needed for real builds only. */
export interface BuilderSettings {
  /** Instance profile name or ARN; its role needs AmazonSSMManagedInstanceCore. */
  instanceProfile: string;
  subnetId: string;
  securityGroupIds: string[];
}

/** Everything one template × architecture build needs, shared by its steps. */
export interface UnitContext {
  unit: BuildUnit;
  buildRegion: string;
  clientsFor: ClientsFor;
  rt: Runtime;
  timeouts: Timeouts;
  builder: BuilderSettings;
  buildId: string;
  commit: string;
  copyConcurrency: number;
  /** Reports a step; region defaults to the build region for builder steps. */
  progress(step: string, status: ProgressStatus, detail?: string, region?: string): void;
  /** Writes the builder's SBOM to the AMI state; done before the image is taken. */
  recordSbom(sbom: CycloneDx): Promise<void>;
  /** The build log: every command step with its output. */
  steps: StepRecord[];
}
