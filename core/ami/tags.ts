import { createHash } from "node:crypto";
import type { Tag } from "@aws-sdk/client-ec2";
import type { Architecture, Template } from "../types/generated.js";
import { provisionSteps } from "./provision.js";

/**
 * Tags are how a rerun finds earlier work (builders, images, copies) without any local memory,
 * and how lifecycle finds the images it manages. Only images carrying ROLE.image are ever
 * deprecated or deleted.
 */
export const TAG = {
  role: "cws:role",
  templateId: "cws:template-id",
  version: "cws:template-version",
  arch: "cws:architecture",
  buildKey: "cws:build-key",
  buildId: "cws:build-id",
  commit: "cws:commit",
  phase: "cws:phase",
  /** On a copy of a captured image in the build region: the captured image's id, and the build key it was copied for. */
  sourceImage: "cws:source-image",
  copyFor: "cws:source-copy-for",
} as const;

/**
 * sourceCopy marks a captured image copied to the build region to boot a builder from; it is
 * never published, and lifecycle (which manages ROLE.image only) never touches it.
 */
export const ROLE = { builder: "ami-builder", image: "ami", sourceCopy: "ami-source-copy" } as const;

/**
 * template@version/arch/hash, where the hash covers what goes into the image. A template edited
 * without a version bump (a forced rebuild) gets a new key, so stale work is never resumed.
 */
export function buildKey(t: Template, arch: Architecture): string {
  const captured = t.ami?.source_images?.[arch];
  const inputs = {
    environment: t.environment,
    validation_tests: t.validation_tests ?? [],
    base_image: t.ami?.base_image ?? null,
    // Only when set, so the keys of templates built from a base image stay what they were.
    ...(captured ? { source_image: { image_id: captured.image_id, region: captured.region, owner_id: captured.owner_id } } : {}),
    // The steps as run: when provisioning itself changes (core/provision), a builder left
    // half-done by the old steps is not resumed by step number into the new ones.
    ...(captured ? {} : { provisioning: provisionSteps(t, arch).steps }),
  };
  const hash = createHash("sha256").update(stableJson(inputs)).digest("hex").slice(0, 12);
  return `${t.template_id}@${t.version}/${arch}/${hash}`;
}

/** JSON with object keys sorted, so reordering a template's keys does not change its hash. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface BuildTags {
  templateId: string;
  version: string;
  arch: Architecture;
  buildKey: string;
  buildId: string;
  commit: string;
}

export function resourceTags(role: string, b: BuildTags, name: string): Tag[] {
  return [
    { Key: "Name", Value: name },
    { Key: TAG.role, Value: role },
    { Key: TAG.templateId, Value: b.templateId },
    { Key: TAG.version, Value: b.version },
    { Key: TAG.arch, Value: b.arch },
    { Key: TAG.buildKey, Value: b.buildKey },
    { Key: TAG.buildId, Value: b.buildId },
    { Key: TAG.commit, Value: b.commit },
  ];
}

export function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? "";
  return out;
}

/**
 * AMI names allow letters, digits, spaces and ()[]./-'@_ only, and must be unique per region and
 * account; the time keeps a retried CreateImage in the same build from colliding with a failed one.
 */
export function imageName(b: BuildTags, at: Date): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "-");
  const stamp = at.toISOString().replace(/[-:]/g, "").slice(0, 13);
  return `cws/${clean(b.templateId)}/${clean(b.version)}/${b.arch}/${clean(b.buildId)}-${stamp}`.slice(0, 128);
}
