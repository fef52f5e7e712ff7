import type { InstallStep } from "./steps.js";

/** A step's short name: the build log's step and the SSM command's comment. */
export function stepName(step: InstallStep): string {
  switch (step.kind) {
    case "system":
      return `system packages (${step.tool})`;
    case "conda":
      return "conda packages";
    case "pip":
      return "pip packages";
    case "spack":
      return "spack packages";
    case "users":
      return "users";
    case "service-config":
      return "service configuration";
    case "post-install":
      return "post_install";
    case "enable-services":
      return "enable services";
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const names = (list: readonly { name: string }[] | readonly string[]) => list.map((x) => (typeof x === "string" ? x : x.name)).join(", ");

/** What a step does, as one phrase for launch's dry run and progress output. */
export function stepSummary(step: InstallStep): string {
  switch (step.kind) {
    case "system":
      return `install ${count(step.packages.length, "system package")} (${step.tool})`;
    case "conda":
      return `install ${count(step.packages.length, "conda package")}`;
    case "pip":
      return `install ${count(step.packages.length, "pip package")}`;
    case "spack":
      return `install ${count(step.specs.length, "spack spec")}`;
    case "users":
      return `create ${step.users.length === 1 ? "user" : "users"} ${names(step.users)}`;
    case "service-config":
      return `write configuration of ${names(step.services)}`;
    case "post-install":
      return "run post_install";
    case "enable-services":
      return `enable ${step.services.length === 1 ? "service" : "services"} ${names(step.services)}`;
  }
}
