import { createHash } from "node:crypto";
import { CwsError, EXIT } from "../errors.js";
import { captureSoftware } from "./capture.js";
import type { UnitContext } from "./context.js";
import { createImage, describeImage, findBuildImage, type ImageInfo, waitImageAvailable } from "./ec2-images.js";
import {
  describeInstance,
  findInstancesByTag,
  type InstanceInfo,
  runBuilder,
  startInstance,
  stopInstance,
  terminateInstance,
  waitInstanceState,
} from "./ec2-instances.js";
import { provision, scrub, validate } from "./run-steps.js";
import { describeError } from "./runtime.js";
import { capturedImageInBuildRegion, discardSourceCopies } from "./source-image.js";
import { resolveParameter, waitOnline } from "./ssm-ops.js";
import { imageName, ROLE, resourceTags, TAG } from "./tags.js";

/** How far a builder got, read back from its cws:phase tag. */
type Phase = { kind: "steps"; done: number } | { kind: "validated" } | { kind: "scrubbed" };

function parsePhase(tag: string | undefined): Phase {
  if (tag === "validated" || tag === "scrubbed") return { kind: tag };
  const m = /^step:(\d+)$/.exec(tag ?? "");
  return { kind: "steps", done: m ? Number(m[1]) : 0 };
}

function rank(p: Phase): number {
  return p.kind === "scrubbed" ? 1e6 : p.kind === "validated" ? 1e5 : p.done;
}

function tagsFor(ctx: UnitContext, role: string, name: string) {
  const u = ctx.unit;
  return resourceTags(
    role,
    { templateId: u.templateId, version: u.version, arch: u.arch, buildKey: u.buildKey, buildId: ctx.buildId, commit: ctx.commit },
    name,
  );
}

/**
 * Produces the tested, scrubbed source image in the build region, resuming whatever an earlier
 * run left behind: an image with this build key is reused as is, and a live builder continues
 * from its phase tag. Every builder this touches is terminated before it returns or throws.
 */
export async function buildSourceImage(ctx: UnitContext): Promise<ImageInfo> {
  const { ec2 } = ctx.clientsFor(ctx.buildRegion);
  const rt = ctx.rt;
  const poll = (timeoutMs: number) => ({ intervalMs: ctx.timeouts.pollMs, timeoutMs });
  const toTerminate = new Set<string>();
  try {
    const builders = await findInstancesByTag(ec2, rt, TAG.buildKey, ctx.unit.buildKey);
    for (const b of builders) toTerminate.add(b.id);
    const existing = await findBuildImage(ec2, rt, ctx.unit.buildKey);
    if (existing) {
      requireRecordedSbom(ctx, `image ${existing.id}`);
      // The earlier run got as far as CreateImage; only waiting (and clean-up) is left.
      ctx.progress("image", "skip", `found ${existing.id} (${existing.state}) from an earlier run`);
      const image = existing.state === "available" ? existing : await waitImageAvailable(ec2, rt, existing.id, poll(ctx.timeouts.imageMs));
      await discardSourceCopies(ctx);
      return image;
    }

    const resumable = builders.map((b) => ({ b, phase: parsePhase(b.tags[TAG.phase]) })).sort((x, y) => rank(y.phase) - rank(x.phase))[0];
    let instance: InstanceInfo;
    let phase: Phase;
    if (resumable) {
      instance = resumable.b;
      phase = resumable.phase;
      ctx.progress("builder", "info", `resuming ${instance.id} (${instance.state}, phase ${instance.tags[TAG.phase] ?? "launched"}) from an earlier run`);
    } else {
      instance = { id: await launch(ctx), state: "pending", tags: {} };
      toTerminate.add(instance.id);
      phase = { kind: "steps", done: 0 };
    }
    const id = instance.id;

    if (phase.kind === "scrubbed") requireRecordedSbom(ctx, `scrubbed builder ${instance.id}`);
    else {
      await ensureRunning(ctx, instance);
      ctx.progress("ssm online", "start");
      await waitOnline(ctx.clientsFor(ctx.buildRegion).ssm, rt, id, poll(ctx.timeouts.ssmOnlineMs));
      ctx.progress("ssm online", "done");
      if (phase.kind === "steps") {
        await provision(ctx, id, phase.done);
        await validate(ctx, id);
      }
      // What is installed, recorded before the scrub removes the capture's files and before any image exists.
      await ctx.recordSbom(await captureSoftware(ctx, id));
      // Scrub is always the last command before the stop: nothing may write to the disk after it.
      await scrub(ctx, id);
    }

    ctx.progress("stop builder", "start", id);
    const now = await describeInstance(ec2, rt, id);
    if (now?.state !== "stopped") {
      if (now?.state !== "stopping") await stopInstance(ec2, rt, id);
      await waitInstanceState(ec2, rt, id, "stopped", poll(ctx.timeouts.instanceMs));
    }
    ctx.progress("stop builder", "done");

    const u = ctx.unit;
    const imageId = await createImage(ec2, rt, {
      instanceId: id,
      name: imageName({ templateId: u.templateId, version: u.version, arch: u.arch, buildKey: u.buildKey, buildId: ctx.buildId, commit: ctx.commit }, rt.now()),
      description: `${u.template.name} ${u.version} (${u.arch}), CloudWorkstation marketplace build ${ctx.buildId}`.slice(0, 255),
      tags: tagsFor(ctx, ROLE.image, `${u.templateId} ${u.version} ${u.arch}`),
    });
    ctx.progress("create image", "start", imageId);
    const image = await waitImageAvailable(ec2, rt, imageId, poll(ctx.timeouts.imageMs));
    ctx.progress("create image", "done", imageId);
    await discardSourceCopies(ctx);
    return image;
  } finally {
    for (const id of toTerminate) await terminateQuietly(ctx, id);
  }
}

/**
 * An image (or a scrubbed builder) from an earlier run can only be published with the SBOM that
 * run recorded: after the scrub there is nothing left to capture it from.
 */
function requireRecordedSbom(ctx: UnitContext, what: string): void {
  if (ctx.unit.sbomRecorded) return;
  throw new CwsError(
    "CWS-AMI-SBOM",
    `${what} from an earlier run has no SBOM in the AMI state, and one cannot be captured after the scrub`,
    `deregister the image or terminate the builder (tag ${TAG.buildKey}=${ctx.unit.buildKey}) and rerun; an image is never published without its SBOM`,
    EXIT.invalid,
  );
}

async function launch(ctx: UnitContext): Promise<string> {
  const { ec2 } = ctx.clientsFor(ctx.buildRegion);
  const u = ctx.unit;
  // A captured image is owner-checked (and copied to the build region) before anything boots it.
  const image = u.from.kind === "captured" ? await capturedImageInBuildRegion(ctx, u.from.image) : await baseImage(ctx, u.from.parameter);
  const rootDeviceName = image.rootDeviceName;
  if (!rootDeviceName) throw new CwsError("CWS-AMI-BASE", `image ${image.id} has no root device`, "check the image", EXIT.invalid);
  const now = ctx.rt.now().toISOString();
  const id = await runBuilder(ec2, ctx.rt, {
    imageId: image.id,
    instanceType: u.instanceType,
    rootDeviceName,
    // A captured workstation's disk can be larger than the template's default; the volume cannot be smaller than its snapshot.
    rootVolumeGb: Math.max(u.rootVolumeGb, image.rootVolumeGb ?? 0),
    instanceProfile: ctx.builder.instanceProfile,
    subnetId: ctx.builder.subnetId,
    securityGroupIds: ctx.builder.securityGroupIds,
    tags: tagsFor(ctx, ROLE.builder, `cws-ami-builder ${u.templateId} ${u.version} ${u.arch}`),
    // Makes the SDK's own retries of this one request idempotent, and nothing more.
    clientToken: createHash("sha256").update(`${u.buildKey} ${ctx.buildId} ${now}`).digest("hex").slice(0, 64),
  });
  ctx.progress("launch builder", "done", `${id} (${u.instanceType})`);
  return id;
}

/** The base image a public SSM parameter names, checked to be visible here and of the unit's architecture. */
async function baseImage(ctx: UnitContext, parameter: string): Promise<ImageInfo> {
  const { ec2, ssm } = ctx.clientsFor(ctx.buildRegion);
  const u = ctx.unit;
  ctx.progress("base image", "start", parameter);
  const baseId = await resolveParameter(ssm, ctx.rt, parameter);
  const base = await describeImage(ec2, ctx.rt, baseId);
  if (!base?.rootDeviceName)
    throw new CwsError("CWS-AMI-BASE", `base image ${baseId} is not visible in ${ctx.buildRegion}`, "check the parameter path", EXIT.invalid);
  if (base.architecture && base.architecture !== u.arch) {
    throw new CwsError("CWS-AMI-BASE", `base image ${baseId} is ${base.architecture}, not ${u.arch}`, "check ami.base_image", EXIT.invalid);
  }
  ctx.progress("base image", "done", baseId);
  return base;
}

async function ensureRunning(ctx: UnitContext, instance: InstanceInfo): Promise<void> {
  const { ec2 } = ctx.clientsFor(ctx.buildRegion);
  const poll = { intervalMs: ctx.timeouts.pollMs, timeoutMs: ctx.timeouts.instanceMs };
  if (instance.state === "stopping" || instance.state === "stopped") {
    // A builder stopped before it was scrubbed (a crash, or someone in the console): start it again.
    if (instance.state === "stopping") await waitInstanceState(ec2, ctx.rt, instance.id, "stopped", poll);
    await startInstance(ec2, ctx.rt, instance.id);
  }
  ctx.progress("builder running", "start", instance.id);
  await waitInstanceState(ec2, ctx.rt, instance.id, "running", poll);
  ctx.progress("builder running", "done");
}

// A failed terminate must not hide the build's own error; it is reported so someone can clean up.
async function terminateQuietly(ctx: UnitContext, id: string): Promise<void> {
  try {
    await terminateInstance(ctx.clientsFor(ctx.buildRegion).ec2, ctx.rt, id);
    ctx.progress("terminate builder", "done", id);
  } catch (error) {
    ctx.progress("terminate builder", "warn", `could not terminate ${id}: ${describeError(error)}; terminate it by hand`);
  }
}
