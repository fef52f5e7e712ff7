/**
 * Instance types per architecture, as CloudWorkstation chooses them. Source of the rules:
 * pkg/templates/resolver.go in scttfrdmn/prism — getInstanceTypeMapping (a template's single
 * instance_defaults.type is used for both architectures), selectOptimalInstanceTypes and its
 * templateRequiresGPU / HighMemory / HighCPU package indicators, and the size-"M" defaults of
 * select{GPU,Memory,Compute,GeneralPurpose}InstancesBySize. Using one x86 type for arm64 only
 * fails at launch there, so the importer takes the Graviton type of the same family and size.
 */
import { instanceArchitecture } from "../aws/instance-types.js";
import type { Architecture } from "../types/generated.js";

const BURSTABLE = ["nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"];
const GRAVITON_SIZES = ["medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "metal"];
const G5G_SIZES = ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "metal"];
const INTEL_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge", "metal"];

interface Counterpart {
  family: string;
  sizes: readonly string[];
}

/** x86 family → the Graviton family of the same class (general, compute, memory, T4 GPU). */
const TO_GRAVITON: Record<string, Counterpart> = {
  ...Object.fromEntries(["t2", "t3", "t3a"].map((f) => [f, { family: "t4g", sizes: BURSTABLE }])),
  ...Object.fromEntries(["m4", "m5", "m5a", "m5n", "m6i", "m6a", "m7i", "m7i-flex", "m7a"].map((f) => [f, { family: "m7g", sizes: GRAVITON_SIZES }])),
  ...Object.fromEntries(["m5d", "m6id"].map((f) => [f, { family: "m7gd", sizes: GRAVITON_SIZES }])),
  ...Object.fromEntries(["c4", "c5", "c5a", "c5n", "c6i", "c6a", "c7i", "c7a"].map((f) => [f, { family: "c7g", sizes: GRAVITON_SIZES }])),
  ...Object.fromEntries(["c5d", "c6id"].map((f) => [f, { family: "c7gd", sizes: GRAVITON_SIZES }])),
  ...Object.fromEntries(["r4", "r5", "r5a", "r5n", "r6i", "r6a", "r7i", "r7a"].map((f) => [f, { family: "r7g", sizes: GRAVITON_SIZES }])),
  ...Object.fromEntries(["r5d", "r6id"].map((f) => [f, { family: "r7gd", sizes: GRAVITON_SIZES }])),
  // resolver.go pairs g4dn (NVIDIA T4) with g5g (NVIDIA T4G) in selectGPUInstancesBySize.
  g4dn: { family: "g5g", sizes: G5G_SIZES },
};

/** Graviton family → an x86 family of the same class, for templates that name only a Graviton type. */
const TO_X86: Record<string, Counterpart> = {
  t4g: { family: "t3", sizes: BURSTABLE },
  ...Object.fromEntries(["m6g", "m7g", "m8g"].map((f) => [f, { family: "m7i", sizes: INTEL_SIZES }])),
  ...Object.fromEntries(["c6g", "c7g", "c8g"].map((f) => [f, { family: "c7i", sizes: INTEL_SIZES }])),
  ...Object.fromEntries(["r6g", "r7g", "r8g"].map((f) => [f, { family: "r7i", sizes: INTEL_SIZES }])),
  g5g: { family: "g4dn", sizes: G5G_SIZES },
};

const GPU_FAMILY = /^(?:g\d|p\d|gr\d|inf\d|trn\d|dl\d)/;

export type Counterparted = { type: string } | { reason: string };

/** The instance type of `type`'s family and size for the other architecture, or why there is none. */
export function counterpart(type: string, arch: Architecture): Counterparted {
  const [family = "", size = ""] = type.split(".");
  const table = arch === "arm64" ? TO_GRAVITON : TO_X86;
  const match = table[family];
  if (match?.sizes.includes(size)) return { type: `${match.family}.${size}` };
  if (match) return { reason: `${match.family} has no ${size} size` };
  if (GPU_FAMILY.test(family)) return { reason: `the ${family} GPU family has no ${arch === "arm64" ? "Graviton" : "x86_64"} counterpart` };
  return { reason: `the ${family} family has no ${arch === "arm64" ? "Graviton" : "x86_64"} counterpart the importer knows` };
}

export type Workload = "GPU" | "memory-intensive" | "compute-intensive" | "general-purpose";

// resolver.go templateRequiresGPU / templateRequiresHighMemory / templateRequiresHighCPU, in that order.
const INDICATORS: [Workload, readonly string[]][] = [
  ["GPU", ["tensorflow-gpu", "pytorch", "cuda", "nvidia", "cupy", "numba", "rapids", "horovod", "tensorrt", "nccl"]],
  ["memory-intensive", ["spark", "hadoop", "elasticsearch", "redis", "memcached", "r-base", "bioconductor", "genomics", "proteomics"]],
  ["compute-intensive", ["openmpi", "mpich", "openmp", "mpi4py", "fftw", "blas", "lapack", "atlas", "mkl", "gfortran", "fortran", "hpc", "parallel"]],
];

// The default ("M") size of each select*InstancesBySize in resolver.go.
const WORKLOAD_DEFAULTS: Record<Workload, Record<Architecture, string>> = {
  GPU: { x86_64: "g4dn.2xlarge", arm64: "g5g.2xlarge" },
  "memory-intensive": { x86_64: "r5.2xlarge", arm64: "r6g.2xlarge" },
  "compute-intensive": { x86_64: "c5.2xlarge", arm64: "c6g.2xlarge" },
  "general-purpose": { x86_64: "t3.large", arm64: "t4g.large" },
};

/** The workload CloudWorkstation infers from the package names (substring match, as upstream), and the package that decided it. */
export function workloadOf(packages: readonly string[]): { workload: Workload; because?: string } {
  for (const [workload, words] of INDICATORS) {
    for (const spec of packages) {
      const word = words.find((w) => spec.includes(w));
      if (word) return { workload, because: spec };
    }
  }
  return { workload: "general-purpose" };
}

export function workloadDefault(workload: Workload, arch: Architecture): string {
  return WORKLOAD_DEFAULTS[workload][arch];
}

export function runsOn(type: string, arch: Architecture): boolean {
  return instanceArchitecture(type) === arch;
}
