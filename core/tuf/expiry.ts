import { TUF_ERROR, tufError } from "./errors.js";

export type TopRole = "root" | "targets" | "snapshot" | "timestamp";
export type OnlineRole = Exclude<TopRole, "root">;
export type ExpiryDays = Record<TopRole, number>;

/**
 * Short lifetimes for the roles whose keys live in CI, long ones for the offline root: a stolen
 * timestamp key is only useful for a week, while root.json is re-signed by hand once a year.
 */
export const DEFAULT_EXPIRY_DAYS: Readonly<ExpiryDays> = { root: 365, targets: 90, snapshot: 30, timestamp: 7 };

export const TIMESTAMP_DAYS_ENV = "CWS_TUF_TIMESTAMP_DAYS";

const DAY_MS = 86_400_000;

/** TUF's expiry format: UTC to the second, no fraction ("2030-01-01T00:00:00Z"). */
export function expiresAt(signedAt: Date, days: number): string {
  return formatTufDate(new Date(signedAt.getTime() + days * DAY_MS));
}

/**
 * How long a previously signed bin must still be valid to be published again unchanged: half
 * the targets lifetime, and never less than the snapshot lifetime. So a bin is re-signed well
 * before it expires, and every bin outlives the snapshot that names it: the snapshot is what
 * stops a release that is no longer rebuilt, which is why re-signing the timestamp alone
 * (npm run resign) never needs to touch bins or targets.
 */
export function binReuseValidUntil(signedAt: Date, days: ExpiryDays): Date {
  return new Date(signedAt.getTime() + Math.max(days.targets / 2, days.snapshot) * DAY_MS);
}

export function formatTufDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw tufError(TUF_ERROR.config, "invalid signing time", "pass a valid date (or SOURCE_DATE_EPOCH in seconds)");
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function resolveExpiryDays(overrides: Partial<ExpiryDays> = {}): ExpiryDays {
  const days = { ...DEFAULT_EXPIRY_DAYS, ...overrides };
  for (const [role, value] of Object.entries(days)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw tufError(TUF_ERROR.config, `expiry for ${role} must be a positive number of days, got ${value}`);
    }
  }
  return days;
}

/** Reads CWS_TUF_TIMESTAMP_DAYS; unset or empty means the default. */
export function expiryDaysFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<ExpiryDays> {
  const raw = env[TIMESTAMP_DAYS_ENV]?.trim();
  if (!raw) return {};
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw tufError(TUF_ERROR.config, `${TIMESTAMP_DAYS_ENV} must be a positive number of days, got "${raw}"`, "unset it to use the default of 7 days");
  }
  return { timestamp: value };
}
