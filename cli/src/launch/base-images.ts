import type { Architecture, Environment } from "../../../core/types/generated.js";

/**
 * Base OS images for launches without a prebuilt AMI, named only by AWS's public SSM
 * parameters, which the publishers (Canonical, AWS) update on every release. An image is never
 * looked up by name: anyone can publish a public AMI with a matching name.
 * Mirrors the AMI pipeline's choice (core/ami/base-image.ts), so an instance built at launch
 * starts from the same image its AMI would have.
 */
const UBUNTU = (release: string, volume: string) => (arch: Architecture) =>
  `/aws/service/canonical/ubuntu/server/${release}/stable/current/${arch === "arm64" ? "arm64" : "amd64"}/hvm/${volume}/ami-id`;

const BY_BASE: Partial<Record<Environment["base"], (arch: Architecture) => string>> = {
  ubuntu: UBUNTU("24.04", "ebs-gp3"),
  "ubuntu-24.04": UBUNTU("24.04", "ebs-gp3"),
  "ubuntu-22.04": UBUNTU("22.04", "ebs-gp2"),
  "ubuntu-20.04": UBUNTU("20.04", "ebs-gp2"),
  amazonlinux: (arch) => `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch === "arm64" ? "arm64" : "x86_64"}`,
};

const ARCH_WORDS: Record<Architecture, RegExp> = {
  x86_64: /(?:^|[/_-])(?:amd64|x86_64)(?:$|[/_-])/,
  arm64: /(?:^|[/_-])(?:arm64|aarch64)(?:$|[/_-])/,
};

/** Only AWS-published parameters: a parameter elsewhere could name any image. */
const PUBLIC_PARAMETER = /^\/aws\/service\/[A-Za-z0-9_./-]+$/;

/**
 * The public SSM parameter naming the base image for this architecture: the template's
 * ami.base_image when it suits the architecture, else the one for environment.base; undefined
 * when neither exists (rocky, rhel, debian, alpine and ami-based have no known parameter).
 */
export function baseImageParameter(base: Environment["base"], arch: Architecture, override?: string): string | undefined {
  if (override && PUBLIC_PARAMETER.test(override)) {
    const other: Architecture = arch === "arm64" ? "x86_64" : "arm64";
    const forOther = ARCH_WORDS[other].test(override) && !ARCH_WORDS[arch].test(override);
    if (!forOther) return override;
  }
  return BY_BASE[base]?.(arch);
}
