import type { LaunchPermission } from "@aws-sdk/client-ec2";
import type { Template } from "../types/generated.js";
import type { Sharing } from "./types.js";

export type SharingResult = { sharing: Sharing } | { error: string; hint: string };

/**
 * Who may launch a template's AMIs: ami.sharing when given, else what publication.visibility
 * implies. An organization needs its ARN (which names the management account), and the
 * template only carries the o-... id, so that case must be spelt out in ami.sharing.
 */
export function sharingFor(t: Template): SharingResult {
  const visibility = t.publication.visibility;
  const explicit = t.ami?.sharing;
  const sharing: Sharing = {
    public: explicit?.public ?? (explicit ? false : visibility === "public"),
    organizationArns: [...(explicit?.organization_arns ?? [])],
    accountIds: [...(explicit?.account_ids ?? [])],
  };
  if (sharing.public && visibility !== "public") {
    return {
      error: `ami.sharing.public is true but publication.visibility is ${visibility}`,
      hint: "a public AMI would expose a non-public template; set ami.sharing.public to false",
    };
  }
  if (visibility === "organization" && sharing.organizationArns.length === 0 && sharing.accountIds.length === 0) {
    const id = t.publication.organization_id ?? "o-...";
    return {
      error: `publication.visibility is organization but ami.sharing names no organization ARN`,
      hint: `add ami.sharing.organization_arns: ["arn:aws:organizations::<management-account>:organization/${id}"]`,
    };
  }
  return { sharing };
}

/** The launch permissions to add; empty means the image stays private to the building account. */
export function launchPermissions(sharing: Sharing): LaunchPermission[] {
  return [
    ...(sharing.public ? [{ Group: "all" as const }] : []),
    ...sharing.organizationArns.map((OrganizationArn) => ({ OrganizationArn })),
    ...sharing.accountIds.map((UserId) => ({ UserId })),
  ];
}

export function describeSharing(sharing: Sharing): string {
  const parts = [
    ...(sharing.public ? ["public"] : []),
    ...sharing.organizationArns.map((arn) => `org ${arn.slice(arn.lastIndexOf("/") + 1)}`),
    ...sharing.accountIds.map((id) => `account ${id}`),
  ];
  return parts.length > 0 ? parts.join(", ") : "private (owner only)";
}
