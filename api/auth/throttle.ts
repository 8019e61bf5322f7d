import type { Db } from "../../db/client.ts";
import type { FailureCount } from "../../db/login-attempts.ts";
import { countEmailFailures, countIpFailures, lastLoginSuccess } from "../../db/login-attempts.ts";
import type { Clock } from "../../lib/clock.ts";

/**
 * Login throttling, counted in login_attempts so that every app process sees the same
 * numbers. Failures within the window beyond a free allowance lock further attempts for
 * a time that doubles with each failure, up to a bound.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per email before backing off: enough for a few honest typos. */
export const FREE_FAILURES_PER_EMAIL = 5;
/** Per address it is higher: a youth centre or a mobile carrier puts many people behind one IP. */
export const FREE_FAILURES_PER_IP = 20;
const BASE_LOCK_MS = 30 * 1000;
const MAX_LOCK_MS = 15 * 60 * 1000;
/** Added to every failed login, so even unthrottled guessing stays slow. */
const FAILURE_DELAY_BASE_MS = 150;
const FAILURE_DELAY_MAX_MS = 1000;

/** How long attempts stay locked after `failures` failures, or 0 when still within the allowance. */
export function lockDurationMs(failures: number, allowance: number): number {
  if (failures < allowance) return 0;
  const doublings = Math.min(failures - allowance, 10);
  return Math.min(BASE_LOCK_MS * 2 ** doublings, MAX_LOCK_MS);
}

/** Grows with the failures already seen for this email, capped at a second. */
export function failureDelayMs(previousFailures: number): number {
  return Math.min(FAILURE_DELAY_BASE_MS * (previousFailures + 1), FAILURE_DELAY_MAX_MS);
}

export type ThrottleVerdict = { locked: false; emailFailures: number } | { locked: true; retryAfterSeconds: number };

export async function checkLoginThrottle(db: Db, clock: Clock, params: { email: string; ip: string | null }): Promise<ThrottleVerdict> {
  const now = clock.now();
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  // A successful login proves the owner is back: earlier failures for that email stop counting.
  const lastSuccess = await lastLoginSuccess(db, params.email, windowStart);
  const byEmail = await countEmailFailures(db, params.email, lastSuccess ?? windowStart);
  const byIp = params.ip ? await countIpFailures(db, params.ip, windowStart) : { failures: 0, lastFailureAt: null };
  const lockedUntil = Math.max(unlockTime(byEmail, FREE_FAILURES_PER_EMAIL), unlockTime(byIp, FREE_FAILURES_PER_IP));
  if (lockedUntil > now.getTime()) {
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - now.getTime()) / 1000)) };
  }
  return { locked: false, emailFailures: byEmail.failures };
}

function unlockTime(count: FailureCount, allowance: number): number {
  const lock = lockDurationMs(count.failures, allowance);
  if (lock === 0 || !count.lastFailureAt) return 0;
  return count.lastFailureAt.getTime() + lock;
}
