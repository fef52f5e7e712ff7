import { DEFAULT_SUPPORT_WINDOW_DAYS, supportedUntil } from "../spec/versions-format.js";
import type { AmiState } from "../types/generated.js";
import type { ImageInfo } from "./ec2-images.js";
import { referencedImageIds } from "./state-merge.js";
import { TAG } from "./tags.js";

export interface LifecyclePolicy {
  /** Days after an AMI is superseded before it is deprecated (hidden from new launches by default). */
  graceDays: number;
  /** Days after an AMI is superseded before it is deregistered and its snapshots deleted. */
  retentionDays: number;
  /** Warn this many days before a referenced AMI's deprecation date. */
  warnDays: number;
}

export const DEFAULT_POLICY: LifecyclePolicy = { graceDays: 14, retentionDays: 180, warnDays: 60 };

/** AWS deprecates public AMIs two years after creation unless told otherwise. */
const PUBLIC_DEPRECATION_MS = 2 * 365 * 86_400_000;
const DAY = 86_400_000;

export type LifecycleAction =
  | { kind: "deprecate"; region: string; imageId: string; templateId: string; deprecateAt: string; reason: string }
  | { kind: "deregister"; region: string; imageId: string; templateId: string; snapshotIds: string[]; reason: string };

export interface LifecycleWarning {
  region: string;
  imageId: string;
  templateId: string;
  deprecatesAt: string;
  message: string;
}

export interface LifecyclePlan {
  actions: LifecycleAction[];
  warnings: LifecycleWarning[];
  kept: { region: string; imageId: string; reason: string }[];
}

export interface LifecycleInput {
  /** Our images (tagged cws:role=ami) by region. */
  images: ReadonlyMap<string, readonly ImageInfo[]>;
  state: AmiState;
  /** More AMI ids that must never be touched (say, from the published catalog). */
  alsoReferenced?: ReadonlySet<string>;
  /** Support window per template id (publication.support_window_days); DEFAULT_SUPPORT_WINDOW_DAYS otherwise. */
  supportWindowDays?: ReadonlyMap<string, number>;
  now: Date;
  policy: LifecyclePolicy;
}

/**
 * What lifecycle does, as data. An image is only ever acted on when it is superseded: the state
 * holds a newer available AMI of the same template, region and architecture. Anything the state
 * (or alsoReferenced) names is never touched, and neither is anything we cannot place, so a
 * lost or empty state file leads to no action at all rather than to deleting everything.
 * Supersession time is the replacement's creation time, which errs towards keeping longer.
 */
export function planLifecycle(input: LifecycleInput): LifecyclePlan {
  const now = input.now.getTime();
  // An earlier version's AMIs are kept for as long as the version is inside its support window.
  const inWindow = (templateId: string, _version: string, supersededAt: string) =>
    Date.parse(supportedUntil(supersededAt, input.supportWindowDays?.get(templateId) ?? DEFAULT_SUPPORT_WINDOW_DAYS)) > now;
  const referenced = new Set([...referencedImageIds(input.state, inWindow), ...(input.alsoReferenced ?? [])]);
  const { graceDays, retentionDays, warnDays } = input.policy;
  const plan: LifecyclePlan = { actions: [], warnings: [], kept: [] };
  for (const [region, images] of [...input.images.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const image of [...images].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const templateId = image.tags[TAG.templateId] ?? "";
      const keep = (reason: string) => plan.kept.push({ region, imageId: image.id, reason });
      if (referenced.has(image.id)) {
        const warning = deprecationWarning(image, region, templateId, now, warnDays);
        if (warning) plan.warnings.push(warning);
        keep("referenced by the AMI state");
        continue;
      }
      if (image.state !== "available") {
        keep(`state ${image.state}`);
        continue;
      }
      const arch = image.tags[TAG.arch];
      const current = arch === "x86_64" || arch === "arm64" ? input.state.templates[templateId]?.regions[region]?.[arch] : undefined;
      const currentTime = current ? Date.parse(current.created_at) : Number.NaN;
      if (!current || current.state === "failed" || Number.isNaN(currentTime) || !(Date.parse(image.createdAt) < currentTime)) {
        keep("no newer available AMI of the same template, region and architecture");
        continue;
      }
      const supersededFor = now - currentTime;
      const reason = `superseded by ${current.image_id} on ${current.created_at.slice(0, 10)}`;
      if (supersededFor >= retentionDays * DAY) {
        plan.actions.push({ kind: "deregister", region, imageId: image.id, templateId, snapshotIds: [...image.snapshotIds], reason });
      } else if (supersededFor >= graceDays * DAY) {
        // AWS refuses dates in the past and rounds to the minute; a minute ahead is "now".
        const deprecateAt = new Date(Math.ceil(now / 60_000) * 60_000 + 60_000);
        const already = image.deprecationTime !== undefined && Date.parse(image.deprecationTime) <= deprecateAt.getTime();
        if (already) keep(`${reason}; already deprecated`);
        else plan.actions.push({ kind: "deprecate", region, imageId: image.id, templateId, deprecateAt: deprecateAt.toISOString(), reason });
      } else {
        keep(`${reason}; in its ${graceDays}-day grace period`);
      }
    }
  }
  return plan;
}

/** A referenced AMI nearing its deprecation date: the explicit one, or AWS's automatic two years for public images. */
function deprecationWarning(image: ImageInfo, region: string, templateId: string, now: number, warnDays: number): LifecycleWarning | undefined {
  const created = Date.parse(image.createdAt);
  const at = image.deprecationTime ? Date.parse(image.deprecationTime) : image.public && !Number.isNaN(created) ? created + PUBLIC_DEPRECATION_MS : Number.NaN;
  if (Number.isNaN(at) || at - now > warnDays * DAY) return undefined;
  const days = Math.floor((at - now) / DAY);
  const when = new Date(at).toISOString();
  const message =
    days >= 0
      ? `${image.id} (${templateId}) is deprecated on ${when.slice(0, 10)}, in ${days} day${days === 1 ? "" : "s"}; rebuild it (npm run build-amis -- --template ${templateId}) after a version bump`
      : `${image.id} (${templateId}) has been deprecated since ${when.slice(0, 10)}; rebuild it after a version bump`;
  return { region, imageId: image.id, templateId, deprecatesAt: when, message };
}

/** Builders older than this were left by a run that died and never came back; they only cost money. */
export function staleBuilders<T extends { id: string; launchTime?: Date }>(builders: readonly T[], now: Date, maxAgeHours: number): T[] {
  return builders.filter((b) => b.launchTime !== undefined && now.getTime() - b.launchTime.getTime() > maxAgeHours * 3600_000);
}
