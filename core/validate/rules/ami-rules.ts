import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Architecture } from "../../types/generated.js";
import type { CheckedTemplate } from "../context.js";

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Rules about ami.source_images, the workstation images the AMI pipeline boots instead of a base
 * image: each is for an architecture the template offers, lives in one of its regions, and
 * names the 12-digit account the pipeline checks as its owner before booting it.
 */
export function amiRules(c: CheckedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { t } = c;
  const regions = [...new Set([...t.regions, ...(t.ami?.regions ?? [])])];
  for (const [arch, image] of Object.entries(t.ami?.source_images ?? {})) {
    if (!image) continue;
    const pointer = `/ami/source_images/${arch}`;
    if (!t.architecture.includes(arch as Architecture)) {
      out.push(
        c.at(
          "CWS226",
          pointer,
          `ami.source_images has an image for ${arch}, which is not in architecture`,
          `add "${arch}" to architecture, or remove the ${arch} image`,
          { key: true },
        ),
      );
    }
    if (!regions.includes(image.region)) {
      out.push(
        c.at(
          "CWS226",
          `${pointer}/region`,
          `captured image region "${image.region}" is not one of the template's regions`,
          `add "${image.region}" to regions, or record an image captured in ${regions.join(", ")}`,
        ),
      );
    }
    if (!ACCOUNT_ID.test(image.owner_id)) {
      out.push(c.at("CWS226", `${pointer}/owner_id`, `owner_id "${image.owner_id}" is not a 12-digit AWS account id`, "name the account that owns the image"));
    }
  }
  return out;
}
