import { and, count, eq, gt, max, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { loginAttempts } from "./schema/index.ts";

export interface NewLoginAttempt {
  /** Stored lower-cased, so counting per email matches however it was typed. */
  email: string;
  ip: string | null;
  succeeded: boolean;
  at: Date;
}

/** Returns the attempt's id, so a login recorded as failed up front can be flipped to succeeded. */
export async function insertLoginAttempt(db: Db, attempt: NewLoginAttempt): Promise<number> {
  const [row] = await db
    .insert(loginAttempts)
    .values({ ...attempt, email: attempt.email.toLowerCase() })
    .returning({ id: loginAttempts.id });
  if (!row) throw new Error("login attempt insert returned no row");
  return row.id;
}

export async function markLoginAttemptSucceeded(db: Db, id: number): Promise<void> {
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, id));
}

/**
 * Serialises throttle checks for one email until the transaction ends, in every process
 * sharing the database, so that parallel guesses are counted one after another.
 */
export async function lockLoginEmail(db: Db, email: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`login:${email.toLowerCase()}`}))`);
}

export interface FailureCount {
  failures: number;
  lastFailureAt: Date | null;
}

// lower(email) is what the login_attempts_email_at_idx index covers.
const emailIs = (email: string) => sql`lower(${loginAttempts.email}) = ${email.toLowerCase()}`;

/** When this email last logged in successfully, if since `since`. */
export async function lastLoginSuccess(db: Db, email: string, since: Date): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(emailIs(email), eq(loginAttempts.succeeded, true), gt(loginAttempts.at, since)));
  return row?.at ?? null;
}

export async function countEmailFailures(db: Db, email: string, since: Date): Promise<FailureCount> {
  return countFailures(db, and(emailIs(email), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
}

export async function countIpFailures(db: Db, ip: string, since: Date): Promise<FailureCount> {
  return countFailures(db, and(eq(loginAttempts.ip, ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
}

async function countFailures(db: Db, where: ReturnType<typeof and>): Promise<FailureCount> {
  const [row] = await db.select({ failures: count(), lastFailureAt: max(loginAttempts.at) }).from(loginAttempts).where(where);
  return { failures: row?.failures ?? 0, lastFailureAt: row?.lastFailureAt ?? null };
}
