import type { Architecture, Environment } from "../types/generated.js";

/**
 * Graviton families are named with a "g" right after the generation digit (m7g, c7gn, r8gd,
 * g5g, is4gen, hpc7g), plus the first-generation a1. Everything else runs x86_64, except the
 * Apple-silicon Mac hosts (mac2...), which CloudWorkstation does not launch.
 */
export function instanceArchitecture(instanceType: string): Architecture | "unsupported" {
  const family = instanceType.split(".")[0] ?? "";
  if (family.startsWith("mac")) return "unsupported";
  if (family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family)) return "arm64";
  return "x86_64";
}

/** The default instance type a launch uses for an architecture: the per-architecture one, else the general one. */
export function defaultInstanceType(env: Environment, arch: Architecture): { type?: string; pointer: string } {
  const perArch = env.instance_defaults.instance_types?.[arch];
  if (perArch) return { type: perArch, pointer: `/environment/instance_defaults/instance_types/${arch}` };
  return { type: env.instance_defaults.type, pointer: "/environment/instance_defaults/type" };
}
