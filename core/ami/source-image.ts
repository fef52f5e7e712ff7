import { createHash } from "node:crypto";
import type { Tag } from "@aws-sdk/client-ec2";
import { CwsError, EXIT } from "../errors.js";
import type { SourceImage } from "../types/generated.js";
import type { UnitContext } from "./context.js";
import { copyImage, describeImageOwnedBy, discardImage, findImagesByTag, type ImageInfo, waitImageAvailable } from "./ec2-images.js";
import { describeError } from "./runtime.js";
import { ROLE, TAG } from "./tags.js";

/**
 * Images captured from running workstations (ami.source_images). A pull request can name any AMI
 * id there, including a public image planted by someone else (the "whoAMI" confusion), so before
 * a builder boots one, EC2 itself must confirm that the id is an image of the account the
 * template names, available and of the unit's architecture. Nothing is launched or copied
 * otherwise. The builder then tests, scrubs and re-images it exactly as a built image, so what is
 * published is always a marketplace-owned image that passed the template's tests.
 */

function refuse(image: SourceImage, why: string, hint: string): CwsError {
  return new CwsError("CWS-AMI-SOURCE", `captured image ${image.image_id} in ${image.region} ${why}; no builder was launched`, hint, EXIT.invalid);
}

const CHECK_HINT = "ami.source_images must name the captured image's id, region and owning account, and the image must be shared with the build account";

/**
 * Accounts whose captured images may be built from. The pull request writes owner_id too, so the
 * EC2 owner check alone would only prove the image belongs to whichever account the PR names;
 * maintainers vouch for an account (one of the template owners') by adding it here.
 */
export function trustedSourceAccounts(env: Readonly<Record<string, string | undefined>> = process.env): Set<string> {
  return new Set((env.CWS_AMI_TRUSTED_SOURCE_ACCOUNTS ?? "").split(/[\s,]+/).filter((a) => /^\d{12}$/.test(a)));
}

/** The owner check: DescribeImages by id among the owner's images, in the image's region, must return exactly that image. */
export async function verifyCapturedImage(ctx: UnitContext, image: SourceImage): Promise<ImageInfo> {
  if (!trustedSourceAccounts().has(image.owner_id)) {
    throw refuse(
      image,
      `belongs to account ${image.owner_id}, which is not a trusted source account`,
      "a maintainer who has verified that the account belongs to a template owner adds it to CWS_AMI_TRUSTED_SOURCE_ACCOUNTS",
    );
  }
  const { ec2 } = ctx.clientsFor(image.region);
  ctx.progress("source image", "start", `${image.image_id} (owner ${image.owner_id})`, image.region);
  const found = await describeImageOwnedBy(ec2, ctx.rt, image.image_id, image.owner_id);
  const info = found[0];
  if (!info) throw refuse(image, `is not an image of account ${image.owner_id} there`, CHECK_HINT);
  if (found.length !== 1 || info.id !== image.image_id) throw refuse(image, `was answered with ${found.map((i) => i.id).join(", ")}`, CHECK_HINT);
  if (info.ownerId !== image.owner_id) throw refuse(image, `is owned by ${info.ownerId || "an unknown account"}, not ${image.owner_id}`, CHECK_HINT);
  if (info.state !== "available") throw refuse(image, `is ${info.state}, not available`, "wait until it is available, or capture the workstation again");
  if (info.architecture !== ctx.unit.arch) {
    throw refuse(
      image,
      `is ${info.architecture ?? "of unknown architecture"}, not ${ctx.unit.arch}`,
      "list it under its own architecture in ami.source_images",
    );
  }
  if (!info.rootDeviceName) throw refuse(image, "has no root device", "capture the workstation again with cws marketplace publish --generate-ami");
  ctx.progress("source image", "done", `${image.image_id} is ${image.owner_id}'s, available, ${info.architecture}`, image.region);
  return info;
}

/** Copies of this unit's captured image in the build region, usable ones first. */
async function copies(ctx: UnitContext): Promise<ImageInfo[]> {
  const { ec2 } = ctx.clientsFor(ctx.buildRegion);
  const all = await findImagesByTag(ec2, ctx.rt, TAG.copyFor, ctx.unit.buildKey);
  return all.filter((i) => i.tags[TAG.role] === ROLE.sourceCopy);
}

/**
 * The image a builder boots for a captured unit: the verified image itself when it is in the
 * build region, else a copy of it there (CopyImage, or the copy an earlier run left), waited on.
 */
export async function capturedImageInBuildRegion(ctx: UnitContext, image: SourceImage): Promise<ImageInfo> {
  const verified = await verifyCapturedImage(ctx, image);
  if (image.region === ctx.buildRegion) return verified;

  const { ec2 } = ctx.clientsFor(ctx.buildRegion);
  const rt = ctx.rt;
  const u = ctx.unit;
  const earlier = (await copies(ctx))
    .filter((i) => i.state === "available" || i.state === "pending")
    .sort((a, b) => Number(b.state === "available") - Number(a.state === "available"))[0];
  let copyId: string;
  if (earlier) {
    copyId = earlier.id;
    ctx.progress("copy source image", "skip", `found ${earlier.id} (${earlier.state}) from an earlier run`);
  } else {
    const clean = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "-");
    const stamp = rt.now().toISOString().replace(/[-:]/g, "").slice(0, 13);
    // Deliberately without cws:build-key: this copy is what the builder boots, never the build's image.
    const tags: Tag[] = [
      { Key: "Name", Value: `source of ${u.templateId} ${u.version} ${u.arch}` },
      { Key: TAG.role, Value: ROLE.sourceCopy },
      { Key: TAG.templateId, Value: u.templateId },
      { Key: TAG.version, Value: u.version },
      { Key: TAG.arch, Value: u.arch },
      { Key: TAG.sourceImage, Value: image.image_id },
      { Key: TAG.copyFor, Value: u.buildKey },
      { Key: TAG.buildId, Value: ctx.buildId },
      { Key: TAG.commit, Value: ctx.commit },
    ];
    copyId = await copyImage(ec2, rt, {
      sourceRegion: image.region,
      sourceImageId: image.image_id,
      name: `cws-source/${clean(u.templateId)}/${clean(u.version)}/${u.arch}/${image.image_id}-${stamp}`.slice(0, 128),
      description: `Captured image ${image.image_id} (${image.owner_id}, ${image.region}) to build ${u.templateId} ${u.version} ${u.arch} from`.slice(0, 255),
      tags,
      clientToken: createHash("sha256").update(`${u.buildKey} source ${ctx.buildId} ${rt.now().toISOString()}`).digest("hex").slice(0, 64),
    });
    ctx.progress("copy source image", "start", `${image.image_id} (${image.region}) → ${copyId}`);
  }
  const copy =
    earlier?.state === "available" ? earlier : await waitImageAvailable(ec2, rt, copyId, { intervalMs: ctx.timeouts.pollMs, timeoutMs: ctx.timeouts.copyMs });
  if (copy.architecture !== u.arch || !copy.rootDeviceName) {
    throw new CwsError("CWS-AMI-SOURCE", `the copy ${copy.id} of ${image.image_id} is not a bootable ${u.arch} image`, "deregister it and rerun", EXIT.invalid);
  }
  ctx.progress("copy source image", "done", copy.id);
  return copy;
}

/**
 * Once the build's own image exists, the copy made to boot the builder is of no further use:
 * deregister it and delete its snapshots. Best effort; a failure is only reported.
 */
export async function discardSourceCopies(ctx: UnitContext): Promise<void> {
  const u = ctx.unit;
  if (u.from.kind !== "captured" || u.from.image.region === ctx.buildRegion) return;
  try {
    const { ec2 } = ctx.clientsFor(ctx.buildRegion);
    for (const copy of await copies(ctx)) {
      await discardImage(ec2, ctx.rt, copy);
      ctx.progress("discard source copy", "done", copy.id);
    }
  } catch (error) {
    ctx.progress("discard source copy", "warn", `${describeError(error)}; deregister images tagged ${TAG.copyFor}=${u.buildKey} by hand`);
  }
}
