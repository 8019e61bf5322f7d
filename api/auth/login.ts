import { setTimeout as sleep } from "node:timers/promises";
import { recordAudit } from "../../db/audit.ts";
import type { Db } from "../../db/client.ts";
import { insertLoginAttempt, lockLoginEmail, markLoginAttemptSucceeded } from "../../db/login-attempts.ts";
import type { StaffUserRow } from "../../db/staff.ts";
import { findStaffUserByEmail, updateStaffUser } from "../../db/staff.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import { verifyPassword } from "../../lib/passwords.ts";
import type { NewSession } from "./sessions.ts";
import { startSession } from "./sessions.ts";
import { checkLoginThrottle, failureDelayMs } from "./throttle.ts";

export interface LoginDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  sessionTtlHours: number;
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export type LoginResult =
  | { kind: "ok"; user: StaffUserRow; session: NewSession }
  | { kind: "invalid" }
  | { kind: "throttled"; retryAfterSeconds: number };

type Gate = { locked: true; retryAfterSeconds: number } | { locked: false; attemptId: number; emailFailures: number };

/**
 * Checks the throttle, then the password (always, even for unknown or disabled accounts,
 * so timing reveals nothing), records the attempt and opens a session.
 */
export async function login(deps: LoginDeps, input: LoginInput): Promise<LoginResult> {
  const { db, clock } = deps;
  const email = input.email.trim().toLowerCase();
  const at = clock.now();
  // Checked and recorded (as a failure, flipped on success) under a per-email lock, before
  // the slow password check: a burst of parallel guesses is counted one by one.
  const gate = await db.transaction(async (tx): Promise<Gate> => {
    await lockLoginEmail(tx, email);
    const verdict = await checkLoginThrottle(tx, clock, { email, ip: input.ip });
    if (verdict.locked) return verdict;
    const attemptId = await insertLoginAttempt(tx, { email, ip: input.ip, succeeded: false, at });
    return { locked: false, attemptId, emailFailures: verdict.emailFailures };
  });
  if (gate.locked) {
    // Not recorded as a failure: a locked-out owner retrying must not extend the lock.
    deps.log.warn({ email, ip: input.ip }, "login refused: too many recent failures");
    return { kind: "throttled", retryAfterSeconds: gate.retryAfterSeconds };
  }

  const user = await findStaffUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.disabledAt) {
    const reason = !user ? "unknown_email" : !passwordOk ? "wrong_password" : "disabled";
    // The actor is whoever typed the email: unknown, so not attributed to the account.
    await recordAudit(db, {
      at,
      actorType: "system",
      actorId: null,
      action: "auth.login_failed",
      subjectType: "staff_user",
      subjectId: user?.id ?? null,
      details: { email, reason },
      ip: input.ip,
    });
    await sleep(failureDelayMs(gate.emailFailures));
    return { kind: "invalid" };
  }

  await markLoginAttemptSucceeded(db, gate.attemptId);
  const updated = (await updateStaffUser(db, user.id, { lastLoginAt: at }, at)) ?? user;
  const session = await startSession(db, clock, { userId: user.id, ttlHours: deps.sessionTtlHours, ip: input.ip, userAgent: input.userAgent });
  await recordAudit(db, { at, actorType: "staff", actorId: user.id, action: "auth.login", subjectType: "staff_user", subjectId: user.id, ip: input.ip });
  return { kind: "ok", user: updated, session };
}
