import type { Architecture, Environment, Template } from "../types/generated.js";

/**
 * Base images come only from AWS's public SSM parameters, which the publishers (Canonical, AWS)
 * update on every release. Looking an image up by name instead would let anyone who can publish
 * a public AMI with a matching name choose what our builders boot.
 */
const UBUNTU = (release: string, volume: string) => (arch: Architecture) =>
  `/aws/service/canonical/ubuntu/server/${release}/stable/current/${arch === "arm64" ? "arm64" : "amd64"}/hvm/${volume}/ami-id`;

const BY_BASE: Partial<Record<Environment["base"], (arch: Architecture) => string>> = {
  ubuntu: UBUNTU("24.04", "ebs-gp3"),
  "ubuntu-24.04": UBUNTU("24.04", "ebs-gp3"),
  "ubuntu-22.04": UBUNTU("22.04", "ebs-gp2"),
  "ubuntu-20.04": UBUNTU("20.04", "ebs-gp2"),
  amazonlinux: (arch) => `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch === "arm64" ? "arm64" : "x86_64"}`,
  // Rocky, RHEL, Debian and Alpine publish no AWS public parameter we can rely on (and their
  // images lack the SSM agent), so they need an explicit ami.base_image.
};

const ARCH_TOKENS: Record<Architecture, RegExp> = {
  x86_64: /(?:^|[/_-])(?:amd64|x86_64)(?:$|[/_-])/,
  arm64: /(?:^|[/_-])(?:arm64|aarch64)(?:$|[/_-])/,
};

const PUBLIC_PARAMETER = /^\/aws\/service\/[A-Za-z0-9_./-]+$/;

export type BaseImageResult = { parameter: string } | { error: string; hint: string };

/** The SSM parameter naming the base AMI for one architecture: ami.base_image when set, else the one for environment.base. */
export function baseImageParameter(t: Pick<Template, "ami" | "environment">, arch: Architecture): BaseImageResult {
  const override = t.ami?.base_image;
  if (override !== undefined && !PUBLIC_PARAMETER.test(override)) {
    // Only AWS-published parameters: a parameter anyone else controls could name any image.
    return { error: `ami.base_image ${override} is not an AWS public parameter`, hint: "use a path under /aws/service/" };
  }
  if (override) {
    const other: Architecture = arch === "arm64" ? "x86_64" : "arm64";
    // One override serves every architecture, so one that names the other architecture would
    // boot the wrong CPU type; say so before launching anything.
    if (ARCH_TOKENS[other].test(override) && !ARCH_TOKENS[arch].test(override)) {
      return {
        error: `ami.base_image ${override} is for ${other}, but the template also builds ${arch}`,
        hint: `remove ami.base_image to use the default for environment.base, or drop ${arch} from architecture`,
      };
    }
    return { parameter: override };
  }
  const make = BY_BASE[t.environment.base];
  if (!make) {
    return {
      error: `no AWS public SSM parameter is known for base "${t.environment.base}"`,
      hint: "set ami.base_image to the public parameter (/aws/service/...) of an image with the SSM agent installed",
    };
  }
  return { parameter: make(arch) };
}
