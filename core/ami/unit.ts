import { buildSourceImage } from "./builder.js";
import type { UnitContext } from "./context.js";
import { replicate } from "./replicate.js";
import { describeError } from "./runtime.js";
import { describeSharing } from "./sharing.js";
import type { StateRecorder } from "./state-store.js";
import type { UnitResult } from "./types.js";

/** One template × architecture: the source image, then every region. Never throws; failures are in the result. */
export async function runUnit(ctx: UnitContext, recorder: StateRecorder): Promise<UnitResult> {
  const u = ctx.unit;
  const base = { templateId: u.templateId, version: u.version, arch: u.arch, steps: ctx.steps };
  ctx.progress("build", "start", `${u.instanceType} in ${ctx.buildRegion} → ${u.targetRegions.join(", ")} (${describeSharing(u.sharing)})`);
  let sourceId: string;
  let regions: UnitResult["regions"];
  try {
    const source = await buildSourceImage(ctx);
    sourceId = source.id;
    regions = await replicate(ctx, source, recorder);
  } catch (error) {
    const message = describeError(error);
    ctx.progress("build", "fail", message);
    return {
      ...base,
      status: "failed",
      regions: u.targetRegions.map((region) => ({ region, status: u.recordedRegions.includes(region) ? ("recorded" as const) : ("failed" as const) })),
      error: message,
    };
  }
  const failed = regions.filter((r) => r.status === "failed");
  ctx.progress("build", failed.length === 0 ? "done" : "fail", failed.length === 0 ? sourceId : `${failed.length} of ${regions.length} regions failed`);
  return { ...base, status: failed.length === 0 ? "built" : "partial", sourceImageId: sourceId, regions };
}
