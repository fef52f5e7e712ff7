import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CwsError, EXIT } from "../errors.js";
import type { Report } from "../types/generated.js";
import type { ReviewItem } from "./review-store.js";
import { CommunityStore } from "./store.js";
import { isoSeconds } from "./time.js";

export interface QueueEntry {
  /** "template <id>" or "review <id> by <reviewer>". */
  target: string;
  template_id: string;
  reviewer?: string;
  reports: Report[];
  /** For review targets: the review as stored now (undefined when it no longer exists). */
  review?: { status: string; rating: number; title: string; content: string };
}

export interface ModerationContext {
  client: DynamoDBClient;
  tablePrefix?: string;
  /** Who acts, recorded on the review and the reports it closes. */
  moderator: string;
  now?: Date;
}

/** Reports with a status, grouped by target, most reported first (then oldest first). */
export async function listQueue(ctx: Omit<ModerationContext, "moderator">, status: Report["status"] | "all" = "open"): Promise<QueueEntry[]> {
  const store = new CommunityStore(ctx.client, ctx.tablePrefix);
  const statuses: Report["status"][] = status === "all" ? ["open", "resolved", "dismissed"] : [status];
  const reports = (await Promise.all(statuses.map((s) => store.reports.reportsByStatus(s)))).flat();
  const groups = new Map<string, QueueEntry>();
  for (const r of reports.sort((a, b) => (a.created_at < b.created_at ? -1 : 1))) {
    const key = r.reviewer ? `review ${r.template_id} by ${r.reviewer}` : `template ${r.template_id}`;
    const entry = groups.get(key) ?? { target: key, template_id: r.template_id, ...(r.reviewer ? { reviewer: r.reviewer } : {}), reports: [] };
    entry.reports.push(r);
    groups.set(key, entry);
  }
  for (const entry of groups.values()) {
    if (!entry.reviewer) continue;
    const review = await store.reviews.getReview(entry.template_id, entry.reviewer);
    if (review) entry.review = { status: review.status ?? "visible", rating: review.rating, title: review.title, content: review.content };
  }
  return [...groups.values()].sort(
    (a, b) => b.reports.length - a.reports.length || ((a.reports[0]?.created_at ?? "") < (b.reports[0]?.created_at ?? "") ? -1 : 1),
  );
}

/** Hides a review from the API, the build and the rating, and resolves the open reports on it. */
export async function hideReview(
  ctx: ModerationContext,
  templateId: string,
  reviewer: string,
  note?: string,
): Promise<{ review: ReviewItem; resolved: number }> {
  return setStatus(ctx, templateId, reviewer, "hidden", note);
}

/** Makes a hidden review visible again (open reports on it stay open). */
export async function restoreReview(
  ctx: ModerationContext,
  templateId: string,
  reviewer: string,
  note?: string,
): Promise<{ review: ReviewItem; resolved: number }> {
  return setStatus(ctx, templateId, reviewer, "visible", note);
}

/** Closes one open report without (dismissed) or after (resolved) acting on its target. */
export async function closeReport(ctx: ModerationContext, reportId: string, status: "resolved" | "dismissed", note?: string): Promise<void> {
  const store = new CommunityStore(ctx.client, ctx.tablePrefix);
  if (!(await store.reports.closeReport(reportId, status, ctx.moderator, isoSeconds(ctx.now ?? new Date()), note))) {
    const existing = await store.reports.getReport(reportId);
    throw new CwsError(
      "REPORT_NOT_OPEN",
      existing ? `report ${reportId} is already ${existing.status}` : `no report ${reportId}`,
      "npm run moderate -- list shows the open reports",
      EXIT.usage,
    );
  }
}

async function setStatus(
  ctx: ModerationContext,
  templateId: string,
  reviewer: string,
  status: "visible" | "hidden",
  note?: string,
): Promise<{ review: ReviewItem; resolved: number }> {
  const store = new CommunityStore(ctx.client, ctx.tablePrefix);
  const at = isoSeconds(ctx.now ?? new Date());
  const review = await store.reviews.setReviewStatus(templateId, reviewer, status, ctx.moderator, at, note);
  if (!review)
    throw new CwsError("REVIEW_NOT_FOUND", `no review of ${templateId} by ${reviewer}`, "npm run moderate -- list shows reported reviews", EXIT.usage);
  let resolved = 0;
  if (status === "hidden") {
    for (const r of await store.reports.reportsByStatus("open")) {
      if (r.template_id !== templateId || r.reviewer !== reviewer) continue;
      if (await store.reports.closeReport(r.report_id, "resolved", ctx.moderator, at, note ?? "review hidden")) resolved++;
    }
  }
  return { review, resolved };
}
