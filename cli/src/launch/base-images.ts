import { baseImageParameter as pipelineParameter } from "../../../core/provision/base-image.js";
import type { Architecture, Template } from "../../../core/types/generated.js";

/**
 * The public SSM parameter naming the base OS image for a launch without a prebuilt AMI: the
 * same choice the AMI pipeline makes (core/provision/base-image.ts), so an instance built at launch
 * starts from the image its AMI would have. Undefined when no public parameter is known.
 */
export function baseImageParameter(template: Pick<Template, "ami" | "environment">, arch: Architecture): string | undefined {
  const result = pipelineParameter(template as Template, arch);
  return "parameter" in result ? result.parameter : undefined;
}
