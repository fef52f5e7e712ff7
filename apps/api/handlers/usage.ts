import { canonicalEventId, reportId } from "../../../core/community/ids.js";
import { dailySeries, USAGE_EVENTS, windowTotals } from "../../../core/community/stats.js";
import { addDays, DAY_MS, dayOf, eventTimeProblem, isoSeconds } from "../../../core/community/time.js";
import { EVENT_RETENTION_DAYS, type StoredEvent } from "../../../core/community/usage-store.js";
import type { Report, ReportInput, TemplateAnalytics, UsageEvent, UsageReceipt } from "../../../core/types/generated.js";
import { type Handler, reply, requireCaller, requireTemplate } from "../context.js";
import { ApiError, validationFailed } from "../errors.js";

export const recordUsage: Handler = async (r) => {
  const caller = requireCaller(r);
  const sent = r.body as UsageEvent;
  const event: UsageEvent = { ...sent, event_id: canonicalEventId(sent.event_id) };
  const id = r.params.id ?? "";
  if (event.template_id !== id)
    throw validationFailed([{ in: "body", pointer: "/template_id", message: `must equal the template in the path (${id})`, keyword: "const" }]);
  const key = r.c.req.header("idempotency-key");
  if (key !== undefined && canonicalEventId(key) !== event.event_id)
    throw validationFailed([{ in: "header", pointer: "/idempotency-key", message: "must equal the body's event_id", keyword: "const" }]);
  const problem = eventTimeProblem(event.occurred_at, r.now);
  if (problem) throw validationFailed([{ in: "body", pointer: "/occurred_at", message: problem, keyword: "format" }]);
  const template = await requireTemplate(r);
  // Belt and braces for clock skew: a day sync-stats has sealed never changes again.
  const sealed = template.usage_sealed_through;
  if (typeof sealed === "string" && dayOf(event.occurred_at) <= sealed)
    throw validationFailed([
      { in: "body", pointer: "/occurred_at", message: `falls on ${dayOf(event.occurred_at)}, whose usage is already final`, keyword: "format" },
    ]);
  const stored: StoredEvent = {
    ...event,
    // One canonical form, so the template-time-index sorts and ranges correctly whatever offset the client used.
    occurred_at: new Date(event.occurred_at).toISOString(),
    user: caller.handle,
    ...(caller.principal ? { principal: caller.principal } : {}),
    received_at: r.now.toISOString(),
    expires_at: Math.floor((r.now.getTime() + EVENT_RETENTION_DAYS * DAY_MS) / 1000),
  };
  const outcome = await r.store.usage.record(stored);
  if (outcome.status === "conflict")
    throw new ApiError(409, "EVENT_ID_REUSED", `event_id ${event.event_id} was already recorded for a different event`, {
      hint: "generate a fresh UUID for every new event; reuse an event_id only to retry the very same event",
    });
  const receipt: UsageReceipt = { event_id: event.event_id, template_id: id, event: event.event, status: outcome.status, counted: outcome.counted };
  return reply(r, outcome.status === "recorded" ? 201 : 200, receipt);
};

/**
 * Reads the template's item and one query of at most 90 daily rollups (sealed days recounted by
 * sync-stats, open days added to as events are counted), however many events there are.
 */
export const getAnalytics: Handler = async (r) => {
  const item = await requireTemplate(r);
  const id = String(item.template_id);
  const today = dayOf(r.now);
  const first = addDays(today, -89);
  const sealed = typeof item.usage_sealed_through === "string" ? item.usage_sealed_through : undefined;
  const byDay = await r.store.usage.dailyBuckets(id, first, today);
  const body: TemplateAnalytics = {
    template_id: id,
    generated_at: isoSeconds(r.now),
    ...(sealed ? { sealed_through: sealed } : {}),
    windows: { "7d": windowTotals(byDay, today, 7), "30d": windowTotals(byDay, today, 30), "90d": windowTotals(byDay, today, 90) },
    daily: dailySeries(byDay, first, today).filter((d) => USAGE_EVENTS.some((e) => d[e] > 0)),
  };
  return reply(r, 200, body);
};

export const reportContent: Handler = async (r) => {
  const caller = requireCaller(r);
  const input = r.body as ReportInput;
  const template = await requireTemplate(r);
  const templateId = String(template.template_id);
  if (input.reviewer) {
    const review = await r.store.reviews.getReview(templateId, input.reviewer);
    if (!review || review.status === "hidden") throw new ApiError(404, "REVIEW_NOT_FOUND", `no review of ${templateId} by ${input.reviewer}`);
  }
  const report: Report = {
    report_id: reportId(caller.handle, templateId, input.reviewer),
    target: input.reviewer ? "review" : "template",
    template_id: templateId,
    ...(input.reviewer ? { reviewer: input.reviewer } : {}),
    reason: input.reason,
    ...(input.details ? { details: input.details } : {}),
    reporter: caller.handle,
    status: "open",
    created_at: isoSeconds(r.now),
  };
  if (!(await r.store.reports.createReport(report)))
    throw new ApiError(409, "REPORT_EXISTS", `you already have an open report on this ${report.target}`, {
      hint: "a moderator will look at it; there is no need to report again",
    });
  return reply(r, 201, report);
};
