import { DeleteSnapshotCommand, DeregisterImageCommand, EnableImageDeprecationCommand } from "@aws-sdk/client-ec2";
import type { AmiState } from "../types/generated.js";
import type { ClientsFor } from "./clients.js";
import { findImagesByTag, type ImageInfo } from "./ec2-images.js";
import { findInstancesByTag, terminateInstance } from "./ec2-instances.js";
import { type LifecycleAction, type LifecyclePlan, type LifecyclePolicy, planLifecycle, staleBuilders } from "./lifecycle.js";
import { aws, describeError, type Runtime } from "./runtime.js";
import { ROLE, TAG } from "./tags.js";
import type { OnProgress } from "./types.js";

export interface LifecycleRunOptions {
  /** Regions to look in: the state's regions and the build region, at least. */
  regions: readonly string[];
  clientsFor: ClientsFor;
  rt: Runtime;
  state: AmiState;
  policy: LifecyclePolicy;
  alsoReferenced?: ReadonlySet<string>;
  supportWindowDays?: ReadonlyMap<string, number>;
  /** Terminate builders launched longer ago than this (default 24). */
  builderMaxAgeHours?: number;
  onProgress?: OnProgress;
}

export interface LifecycleReport {
  plan: LifecyclePlan;
  results: { action: LifecycleAction; ok: boolean; error?: string }[];
  terminatedBuilders: { region: string; instanceId: string; templateId: string }[];
}

/** Finds our images and stale builders in every region, plans (pure), then applies the plan action by action. */
export async function runLifecycle(options: LifecycleRunOptions): Promise<LifecycleReport> {
  const { rt } = options;
  const progress = (templateId: string, region: string, step: string, status: "done" | "fail" | "warn", detail: string) =>
    options.onProgress?.({ templateId, region, step, status, detail });
  const images = new Map<string, ImageInfo[]>();
  const terminatedBuilders: LifecycleReport["terminatedBuilders"] = [];
  for (const region of [...new Set(options.regions)].sort()) {
    const { ec2 } = options.clientsFor(region);
    images.set(region, await findImagesByTag(ec2, rt, TAG.role, ROLE.image));
    const builders = await findInstancesByTag(ec2, rt, TAG.role, ROLE.builder);
    for (const b of staleBuilders(builders, rt.now(), options.builderMaxAgeHours ?? 24)) {
      const templateId = b.tags[TAG.templateId] ?? "?";
      try {
        await terminateInstance(ec2, rt, b.id);
        terminatedBuilders.push({ region, instanceId: b.id, templateId });
        progress(templateId, region, "lifecycle terminate stale builder", "done", b.id);
      } catch (error) {
        progress(templateId, region, "lifecycle terminate stale builder", "fail", `${b.id}: ${describeError(error)}`);
      }
    }
  }
  const plan = planLifecycle({
    images,
    state: options.state,
    now: rt.now(),
    policy: options.policy,
    ...(options.alsoReferenced ? { alsoReferenced: options.alsoReferenced } : {}),
    ...(options.supportWindowDays ? { supportWindowDays: options.supportWindowDays } : {}),
  });
  for (const w of plan.warnings) progress(w.templateId, w.region, "lifecycle", "warn", w.message);
  const results: LifecycleReport["results"] = [];
  for (const action of plan.actions) {
    const { ec2 } = options.clientsFor(action.region);
    try {
      if (action.kind === "deprecate") {
        await aws(rt, () => ec2.send(new EnableImageDeprecationCommand({ ImageId: action.imageId, DeprecateAt: new Date(action.deprecateAt) })));
      } else {
        // The snapshots can only go once no image uses them.
        await aws(rt, () => ec2.send(new DeregisterImageCommand({ ImageId: action.imageId })));
        for (const snapshot of action.snapshotIds) await aws(rt, () => ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot })));
      }
      results.push({ action, ok: true });
      progress(action.templateId, action.region, `lifecycle ${action.kind}`, "done", `${action.imageId}: ${action.reason}`);
    } catch (error) {
      results.push({ action, ok: false, error: describeError(error) });
      progress(action.templateId, action.region, `lifecycle ${action.kind}`, "fail", `${action.imageId}: ${describeError(error)}`);
    }
  }
  return { plan, results, terminatedBuilders };
}
