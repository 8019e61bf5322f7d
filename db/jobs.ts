import { and, eq, inArray, isNull, like, lte, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { jobs } from "./schema/index.ts";

export type JobRow = typeof jobs.$inferSelect;

export interface NewJob {
  kind: string;
  runAt: Date;
  payload?: Record<string, unknown>;
  /** One live job per key; scheduling the same key again moves it instead of adding one. */
  dedupeKey?: string | null;
  maxAttempts?: number;
}

/** First retry after 30 s, then doubling, at most an hour apart. */
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60 * 1000;

export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Adds a job, idempotently on `dedupeKey`: a key already pending or withdrawn is set to
 * the new time and payload (and live again); a key whose job already ran is left alone —
 * a reminder is never sent twice. Returns the job as it now stands.
 */
export async function scheduleJob(db: Db, job: NewJob): Promise<JobRow> {
  const values = {
    kind: job.kind,
    runAt: job.runAt,
    payload: job.payload ?? {},
    dedupeKey: job.dedupeKey ?? null,
    ...(job.maxAttempts !== undefined ? { maxAttempts: job.maxAttempts } : {}),
  };
  if (values.dedupeKey === null) {
    const [row] = await db.insert(jobs).values(values).returning();
    if (!row) throw new Error("job insert returned nothing");
    return row;
  }
  const [row] = await db
    .insert(jobs)
    .values(values)
    .onConflictDoUpdate({
      target: jobs.dedupeKey,
      set: {
        kind: values.kind,
        runAt: values.runAt,
        payload: values.payload,
        attempts: 0,
        lockedUntil: null,
        lastError: null,
        cancelledAt: null,
        failedAt: null,
      },
      setWhere: isNull(jobs.doneAt),
    })
    .returning();
  if (row) return row;
  const [existing] = await db.select().from(jobs).where(eq(jobs.dedupeKey, values.dedupeKey));
  if (!existing) throw new Error(`job ${values.dedupeKey} neither inserted nor found`);
  return existing;
}

/**
 * Withdraws live jobs by exact keys and/or a key prefix. A job a worker is running right
 * now is withdrawn once that run commits (the row lock orders them): the worker checks
 * for withdrawal under the same lock, so a withdrawn job never fires afterwards.
 * Returns how many jobs were withdrawn.
 */
export async function cancelJobs(db: Db, which: { dedupeKeys?: readonly string[]; dedupeKeyPrefix?: string }, at: Date): Promise<number> {
  const conditions = [];
  if (which.dedupeKeys && which.dedupeKeys.length > 0) conditions.push(inArray(jobs.dedupeKey, [...which.dedupeKeys]));
  if (which.dedupeKeyPrefix) conditions.push(like(jobs.dedupeKey, `${escapeLike(which.dedupeKeyPrefix)}%`));
  if (conditions.length === 0) return 0;
  const rows = await db
    .update(jobs)
    .set({ cancelledAt: at, lockedUntil: null })
    .where(and(or(...conditions), isNull(jobs.doneAt), isNull(jobs.cancelledAt), isNull(jobs.failedAt)))
    .returning({ id: jobs.id });
  return rows.length;
}

/**
 * Claims up to `limit` due jobs of the given kinds for `leaseMs`, oldest due first.
 * `SKIP LOCKED` lets concurrent workers take different jobs instead of queueing; a job
 * whose lease ran out (its worker died) is due again. Each claim counts as an attempt.
 */
export async function claimDueJobs(db: Db, kinds: readonly string[], now: Date, limit: number, leaseMs: number): Promise<JobRow[]> {
  if (kinds.length === 0 || limit <= 0) return [];
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          isNull(jobs.doneAt),
          isNull(jobs.cancelledAt),
          isNull(jobs.failedAt),
          lte(jobs.runAt, now),
          or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now)),
          inArray(jobs.kind, [...kinds]),
        ),
      )
      .orderBy(jobs.runAt, jobs.id)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(jobs)
      .set({ lockedUntil: leaseUntil, attempts: sql`${jobs.attempts} + 1` })
      .where(inArray(jobs.id, due.map((row) => row.id)))
      .returning();
    return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  });
}

/**
 * Locks a claimed job for its run and checks the claim still stands: not withdrawn, not
 * done, and not re-claimed by another worker after this one's lease ran out (the attempt
 * count would differ). Null means: do not run it.
 */
export async function lockClaimedJob(tx: Db, claimed: JobRow): Promise<JobRow | null> {
  const [row] = await tx.select().from(jobs).where(eq(jobs.id, claimed.id)).for("update");
  if (!row || row.doneAt || row.cancelledAt || row.failedAt || row.attempts !== claimed.attempts) return null;
  return row;
}

export async function completeJob(db: Db, id: number, at: Date): Promise<void> {
  await db.update(jobs).set({ doneAt: at, lockedUntil: null, lastError: null }).where(eq(jobs.id, id));
}

/**
 * A failed run: due again after a growing delay, or given up after `maxAttempts` claims.
 * Only the claim that failed may do this (same attempt count), and never on a job that was
 * withdrawn or completed meanwhile. Returns what happened.
 */
export async function failJob(db: Db, claimed: JobRow, error: string, at: Date): Promise<"retry" | "failed" | "stale"> {
  const giveUp = claimed.attempts >= claimed.maxAttempts;
  const rows = await db
    .update(jobs)
    .set(
      giveUp
        ? { failedAt: at, lockedUntil: null, lastError: error.slice(0, 1000) }
        : { runAt: new Date(at.getTime() + retryDelayMs(claimed.attempts)), lockedUntil: null, lastError: error.slice(0, 1000) },
    )
    .where(and(eq(jobs.id, claimed.id), eq(jobs.attempts, claimed.attempts), isNull(jobs.doneAt), isNull(jobs.cancelledAt)))
    .returning({ id: jobs.id });
  if (rows.length === 0) return "stale";
  return giveUp ? "failed" : "retry";
}

export async function getJobByKey(db: Db, dedupeKey: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey));
  return row ?? null;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
