/**
 * UTC days and the lateness rules of usage events. A day's bucket can only be made final once no
 * event for it can still be accepted: events must arrive within EVENT_GRACE_MS of occurred_at,
 * and sync-stats seals a day SEAL_MARGIN_MS after that grace ends (covering request duration and
 * clock skew between API instances and the sync job).
 */
export const DAY_MS = 86_400_000;
export const EVENT_GRACE_MS = 2 * DAY_MS;
export const EVENT_FUTURE_SKEW_MS = 5 * 60_000;
export const SEAL_MARGIN_MS = 3_600_000;

/** YYYY-MM-DD of an instant, in UTC. */
export function dayOf(instant: Date | string): string {
  return (typeof instant === "string" ? new Date(instant) : instant).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a day, as stored in occurred_at (ISO 8601 with milliseconds, UTC). */
export function startOfDay(day: string): string {
  return `${day}T00:00:00.000Z`;
}

/** The last day whose bucket may be sealed at `now`: its end plus grace plus margin has passed. */
export function sealableThrough(now: Date): string {
  return addDays(dayOf(new Date(now.getTime() - EVENT_GRACE_MS - SEAL_MARGIN_MS)), -1);
}

/** Why an event time cannot be accepted now, or undefined when it can. */
export function eventTimeProblem(occurredAt: string, now: Date): string | undefined {
  const t = Date.parse(occurredAt);
  if (Number.isNaN(t)) return "is not a valid time";
  if (t > now.getTime() + EVENT_FUTURE_SKEW_MS) return "is in the future";
  if (t < now.getTime() - EVENT_GRACE_MS) return `is more than ${EVENT_GRACE_MS / DAY_MS} days old; such events are no longer counted`;
  return undefined;
}

/** RFC 3339 without milliseconds, as the schemas' examples write times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
