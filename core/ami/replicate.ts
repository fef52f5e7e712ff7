import { createHash } from "node:crypto";
import { runPool } from "../deploy/pool.js";
import type { UnitContext } from "./context.js";
import { copyImage, findBuildImage, type ImageInfo, shareImage, waitImageAvailable } from "./ec2-images.js";
import { describeError } from "./runtime.js";
import { describeSharing } from "./sharing.js";
import type { StateRecorder } from "./state-store.js";
import { imageName, ROLE, resourceTags, TAG } from "./tags.js";
import type { RegionOutcome } from "./types.js";

/**
 * Publishes the source image to every target region not yet recorded: copy (or find an earlier
 * copy by its tags), wait, share, record. Regions run in parallel up to copyConcurrency and
 * fail independently; each success is written to the state at once, so a later failure (or a
 * crash) keeps it, and a rerun redoes only the regions that are not recorded.
 */
export async function replicate(ctx: UnitContext, source: ImageInfo, recorder: StateRecorder): Promise<RegionOutcome[]> {
  const u = ctx.unit;
  const outcomes = new Map<string, RegionOutcome>();
  for (const region of u.recordedRegions) {
    outcomes.set(region, { region, status: "recorded" });
    ctx.progress("publish", "skip", "already recorded for this version", region);
  }
  const todo = u.targetRegions.filter((r) => !u.recordedRegions.includes(r));
  // publishRegion never throws, so the pool never stops early.
  await runPool(todo, ctx.copyConcurrency, async (region) => {
    outcomes.set(region, await publishRegion(ctx, source, region, recorder));
  });
  return u.targetRegions.map((r) => outcomes.get(r) ?? { region: r, status: "failed", error: "not attempted" });
}

async function publishRegion(ctx: UnitContext, source: ImageInfo, region: string, recorder: StateRecorder): Promise<RegionOutcome> {
  const u = ctx.unit;
  const rt = ctx.rt;
  const { ec2 } = ctx.clientsFor(region);
  let imageId: string | undefined;
  try {
    let image = source;
    if (region !== ctx.buildRegion) {
      const found = await findBuildImage(ec2, rt, u.buildKey);
      if (found) {
        imageId = found.id;
        ctx.progress("copy", "skip", `found ${found.id} (${found.state}) from an earlier run`, region);
      } else {
        const tags = { templateId: u.templateId, version: u.version, arch: u.arch, buildKey: u.buildKey, buildId: ctx.buildId, commit: ctx.commit };
        imageId = await copyImage(ec2, rt, {
          sourceRegion: ctx.buildRegion,
          sourceImageId: source.id,
          name: imageName(tags, rt.now()),
          description: `${u.template.name} ${u.version} (${u.arch}), copied from ${source.id} in ${ctx.buildRegion}`.slice(0, 255),
          tags: resourceTags(ROLE.image, tags, `${u.templateId} ${u.version} ${u.arch}`),
          clientToken: createHash("sha256").update(`${u.buildKey} ${region} ${ctx.buildId} ${rt.now().toISOString()}`).digest("hex").slice(0, 64),
        });
        ctx.progress("copy", "start", `${source.id} → ${imageId}`, region);
      }
      image =
        found?.state === "available" ? found : await waitImageAvailable(ec2, rt, imageId, { intervalMs: ctx.timeouts.pollMs, timeoutMs: ctx.timeouts.copyMs });
      ctx.progress("copy", "done", image.id, region);
    }
    imageId = image.id;
    const shared = await shareImage(ec2, rt, image.id, u.sharing);
    ctx.progress("share", shared ? "done" : "skip", describeSharing(u.sharing), region);
    await recorder.record({
      templateId: u.templateId,
      templateVersion: u.version,
      region,
      arch: u.arch,
      ami: { image_id: image.id, owner_id: image.ownerId, created_at: image.createdAt, state: "available", build_id: image.tags[TAG.buildId] ?? ctx.buildId },
    });
    ctx.progress("record", "done", image.id, region);
    return { region, status: "available", imageId: image.id };
  } catch (error) {
    const message = describeError(error);
    ctx.progress("publish", "fail", message, region);
    if (imageId && /^\d{12}$/.test(source.ownerId)) {
      // Recorded as failed so the state shows the attempt; the build never publishes failed entries.
      await recorder
        .record({
          templateId: u.templateId,
          templateVersion: u.version,
          region,
          arch: u.arch,
          ami: { image_id: imageId, owner_id: source.ownerId, created_at: rt.now().toISOString(), state: "failed", build_id: ctx.buildId },
        })
        .catch(() => undefined);
    }
    return { region, status: "failed", ...(imageId ? { imageId } : {}), error: message };
  }
}
