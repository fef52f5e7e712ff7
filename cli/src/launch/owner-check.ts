import type { Architecture, BuiltAmi } from "../../../core/types/generated.js";
import { CLI_EXIT, cliError } from "../lib/errors.js";

/**
 * The client-spec §4 rule: before launching a marketplace AMI, EC2 itself must confirm that
 * the image id from the signed record belongs to the signed owner account. A record can be
 * signed and still name an image that was deregistered and its id reused, or an id that was
 * typed wrong in the pipeline's state; neither may boot.
 */

/** The DescribeImages fields the check reads. */
export interface ImageFacts {
  ImageId?: string | undefined;
  OwnerId?: string | undefined;
  State?: string | undefined;
  Architecture?: string | undefined;
  RootDeviceName?: string | undefined;
  Name?: string | undefined;
}

/** DescribeImages by id, restricted to owners; there is deliberately no way to pass a filter. */
export type DescribeImagesById = (input: { ImageIds: [string]; Owners?: [string] }) => Promise<ImageFacts[]>;

export type OwnerVerdict = { ok: true; image: ImageFacts } | { ok: false; reason: string };

const AMI_ID = /^ami-[0-9a-f]{8,17}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Pure: whether DescribeImages' answer proves the AMI is the signed one and launchable. */
export function judgeOwner(images: readonly ImageFacts[], ami: BuiltAmi, arch: Architecture): OwnerVerdict {
  if (images.length === 0) return { ok: false, reason: `EC2 knows no image ${ami.image_id} owned by ${ami.owner_id} in this region` };
  if (images.length !== 1) return { ok: false, reason: `EC2 returned ${images.length} images for ${ami.image_id}` };
  const [image] = images as [ImageFacts];
  if (image.ImageId !== ami.image_id) return { ok: false, reason: `EC2 returned ${image.ImageId ?? "an image without id"} instead of ${ami.image_id}` };
  if (image.OwnerId !== ami.owner_id)
    return { ok: false, reason: `${ami.image_id} is owned by ${image.OwnerId ?? "an unknown account"}, not ${ami.owner_id} as the marketplace signed` };
  if (image.State !== "available") return { ok: false, reason: `${ami.image_id} is ${image.State ?? "in an unknown state"}, not available` };
  if (image.Architecture && image.Architecture !== arch) return { ok: false, reason: `${ami.image_id} is a ${image.Architecture} image, not ${arch}` };
  return { ok: true, image };
}

/** Asks EC2 and returns the verified image, or throws "refused" (exit 4) with the reason. */
export async function verifyAmiOwner(describe: DescribeImagesById, ami: BuiltAmi, arch: Architecture, region: string): Promise<ImageFacts> {
  if (!AMI_ID.test(ami.image_id) || !ACCOUNT_ID.test(ami.owner_id)) {
    throw refused(`the marketplace record names AMI "${ami.image_id}" owned by "${ami.owner_id}", which is not a valid id`, region);
  }
  let images: ImageFacts[];
  try {
    images = await describe({ ImageIds: [ami.image_id], Owners: [ami.owner_id] });
  } catch (error) {
    // An id that does not exist (any more) is an error in EC2, not an empty answer.
    const name = (error as { name?: string }).name ?? "";
    if (!name.startsWith("InvalidAMIID")) throw error;
    images = [];
  }
  const verdict = judgeOwner(images, ami, arch);
  if (!verdict.ok) throw refused(verdict.reason, region);
  return verdict.image;
}

function refused(reason: string, region: string) {
  return cliError(
    "AMI_OWNER_MISMATCH",
    `refusing to launch: ${reason} (${region})`,
    "nothing was launched; report it to the marketplace operators. Do not launch this image by hand.",
    CLI_EXIT.refused,
  );
}
