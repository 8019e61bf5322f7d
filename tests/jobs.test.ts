import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobRunner, type JobHandler } from "../bot/core/jobs.ts";
import type { Database, Db } from "../db/client.ts";
import { cancelJobs, claimDueJobs, getJobByKey, retryDelayMs, scheduleJob } from "../db/jobs.ts";
import { auditLog, jobs } from "../db/schema/index.ts";
import { fixedClock } from "../lib/clock.ts";
import { createLogger } from "../lib/logger.ts";
import { isPglite, openTestDatabase, uniqueUser } from "./helpers/database.ts";

let database: Database;
const log = createLogger("silent");
const T0 = new Date("2026-03-02T09:00:00Z");
const MINUTE = 60_000;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** A job kind no other test uses: runners here only ever see their own jobs. */
const uniqueKind = () => uniqueUser("kind");

/** A handler that records what it ran (in memory and, inside the job's transaction, in the audit log). */
function recorder() {
  const ran: { id: number; at: Date }[] = [];
  const handler = (clock: { now(): Date }): JobHandler => async (job, tx) => {
    ran.push({ id: job.id, at: clock.now() });
    await tx.insert(auditLog).values({ actorType: "system", action: "test.job_ran", subjectId: String(job.id), at: clock.now() });
  };
  return { ran, handler };
}

async function ranInDatabase(db: Db, id: number): Promise<number> {
  const rows = await db.select().from(auditLog).where(eq(auditLog.subjectId, String(id)));
  return rows.filter((row) => row.action === "test.job_ran").length;
}

describe("scheduling jobs", () => {
  it("is idempotent on the dedupe key: the same key again moves the one job", async () => {
    const key = `test:${uniqueUser()}`;
    const kind = uniqueKind();
    const first = await scheduleJob(database.db, { kind, runAt: T0, payload: { n: 1 }, dedupeKey: key });
    const second = await scheduleJob(database.db, { kind, runAt: new Date(T0.getTime() + MINUTE), payload: { n: 2 }, dedupeKey: key });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ runAt: new Date(T0.getTime() + MINUTE), payload: { n: 2 } });
    expect(await database.db.select().from(jobs).where(eq(jobs.dedupeKey, key))).toHaveLength(1);
  });
});

describe("the job runner", () => {
  it("fires a job at its instant, not before, and once", async () => {
    const clock = fixedClock(T0);
    const kind = uniqueKind();
    const { ran, handler } = recorder();
    const runner = createJobRunner({ db: database.db, clock, log, handlers: { [kind]: handler(clock) } });
    const job = await scheduleJob(database.db, { kind, runAt: new Date(T0.getTime() + 10 * MINUTE), dedupeKey: `test:${uniqueUser()}` });

    expect(await runner.runOnce()).toEqual({ done: 0, failed: 0, skipped: 0 });
    clock.advance(10 * MINUTE - 1);
    await runner.runOnce();
    expect(ran).toEqual([]);
    clock.advance(1);
    expect(await runner.runOnce()).toEqual({ done: 1, failed: 0, skipped: 0 });
    expect(ran).toEqual([{ id: job.id, at: job.runAt }]);
    clock.advance(MINUTE);
    await runner.runOnce();
    expect(ran).toHaveLength(1);
    expect(await ranInDatabase(database.db, job.id)).toBe(1);
    expect((await getJobByKey(database.db, job.dedupeKey ?? ""))?.doneAt).toEqual(job.runAt);
  });

  it("survives a restart: a new runner on another connection picks up what was due", async () => {
    const clock = fixedClock(T0);
    const kind = uniqueKind();
    const first = createJobRunner({ db: database.db, clock, log, handlers: { [kind]: recorder().handler(clock) } });
    first.start();
    const job = await scheduleJob(database.db, { kind, runAt: new Date(T0.getTime() + 60 * MINUTE) });
    await first.stop();

    // "The process restarts": a fresh pool (PGlite: the same in-process database).
    const reopened = isPglite() ? database : await openTestDatabase(2);
    try {
      clock.advance(61 * MINUTE);
      const { ran, handler } = recorder();
      const second = createJobRunner({ db: reopened.db, clock, log, handlers: { [kind]: handler(clock) } });
      expect(await second.runOnce()).toMatchObject({ done: 1 });
      expect(ran.map((entry) => entry.id)).toEqual([job.id]);
    } finally {
      if (reopened !== database) await reopened.close();
    }
  });

  it("takes over a job whose worker died after claiming it, once the lease is over", async () => {
    const clock = fixedClock(T0);
    const kind = uniqueKind();
    const job = await scheduleJob(database.db, { kind, runAt: T0 });
    // A worker claims it for 5 minutes and dies.
    expect((await claimDueJobs(database.db, [kind], T0, 10, 5 * MINUTE)).map((row) => row.id)).toEqual([job.id]);
    const { ran, handler } = recorder();
    const runner = createJobRunner({ db: database.db, clock, log, handlers: { [kind]: handler(clock) }, leaseMs: 5 * MINUTE });
    await runner.runOnce();
    expect(ran).toEqual([]);
    clock.advance(5 * MINUTE);
    expect(await runner.runOnce()).toMatchObject({ done: 1 });
    expect(ran.map((entry) => entry.id)).toEqual([job.id]);
  });

  it("never fires a withdrawn job", async () => {
    const clock = fixedClock(T0);
    const kind = uniqueKind();
    const key = `test:${uniqueUser()}`;
    await scheduleJob(database.db, { kind, runAt: new Date(T0.getTime() + MINUTE), dedupeKey: key });
    expect(await cancelJobs(database.db, { dedupeKeys: [key] }, T0)).toBe(1);
    const { ran, handler } = recorder();
    const runner = createJobRunner({ db: database.db, clock, log, handlers: { [kind]: handler(clock) } });
    clock.advance(2 * MINUTE);
    await runner.runOnce();
    expect(ran).toEqual([]);
  });

  it("does not run a job withdrawn between its claim and its run", async () => {
    const clock = fixedClock(T0);
    const kind = uniqueKind();
    const key = `test:${uniqueUser()}`;
    await scheduleJob(database.db, { kind, runAt: T0, dedupeKey: key });
    const { ran, handler } = recorder();
    let withdrawn = false;
    const runner = createJobRunner({
      db: database.db,
      clock,
      log,
      handlers: {
        // The first job of the batch withdraws the second before it runs.
        [kind]: async (job, tx) => {
          if (!withdrawn) {
            withdrawn = true;
            // Another connection on PostgreSQL; PGlite has only the one, so the job's own transaction.
            await cancelJobs(isPglite() ? tx : database.db, { dedupeKeyPrefix: `${key}:` }, clock.now());
          }
          await handler(clock)(job, tx);
        },
      },
    });
    await scheduleJob(database.db, { kind, runAt: new Date(T0.getTime() + 1), dedupeKey: `${key}:second` });
    clock.advance(1);
    expect(await runner.runOnce()).toEqual({ done: 1, failed: 0, skipped: 1 });
    expect(ran).toHaveLength(1);
  });

  it("retries a failing job with growing delays without holding up the others, and gives up after maxAttempts", async () => {
    const clock = fixedClock(T0);
    const flaky = uniqueKind();
    const steady = uniqueKind();
    let failures = 0;
    const { ran, handler } = recorder();
    const runner = createJobRunner({
      db: database.db,
      clock,
      log,
      handlers: {
        [flaky]: async (job, tx) => {
          // What a failing run wrote is rolled back with it.
          await tx.insert(auditLog).values({ actorType: "system", action: "test.job_ran", subjectId: String(job.id), at: clock.now() });
          failures += 1;
          throw new Error(`flaky failure ${failures}`);
        },
        [steady]: handler(clock),
      },
    });
    const bad = await scheduleJob(database.db, { kind: flaky, runAt: T0, maxAttempts: 3 });
    const good = await scheduleJob(database.db, { kind: steady, runAt: T0 });

    expect(await runner.runOnce()).toEqual({ done: 1, failed: 1, skipped: 0 });
    expect(ran.map((entry) => entry.id)).toEqual([good.id]);
    let row = (await database.db.select().from(jobs).where(eq(jobs.id, bad.id)))[0];
    expect(row).toMatchObject({ attempts: 1, lastError: "flaky failure 1", runAt: new Date(T0.getTime() + retryDelayMs(1)), doneAt: null, failedAt: null });
    expect(await ranInDatabase(database.db, bad.id)).toBe(0);

    clock.advance(retryDelayMs(1) - 1);
    await runner.runOnce();
    expect(failures).toBe(1);
    clock.advance(1);
    await runner.runOnce();
    expect(failures).toBe(2);
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    clock.advance(retryDelayMs(2));
    await runner.runOnce();
    expect(failures).toBe(3);
    row = (await database.db.select().from(jobs).where(eq(jobs.id, bad.id)))[0];
    expect(row).toMatchObject({ attempts: 3, failedAt: clock.now() });
    clock.advance(24 * 60 * MINUTE);
    await runner.runOnce();
    expect(failures).toBe(3);
  });

  it("leaves jobs of kinds it has no handler for in the queue", async () => {
    const clock = fixedClock(T0);
    const unhandled = uniqueKind();
    const job = await scheduleJob(database.db, { kind: unhandled, runAt: T0 });
    const runner = createJobRunner({ db: database.db, clock, log, handlers: { [uniqueKind()]: recorder().handler(clock) } });
    await runner.runOnce();
    const [row] = await database.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row).toMatchObject({ attempts: 0, doneAt: null, lockedUntil: null });
  });

  it("runs on its own once started, and stops", async () => {
    const clock = fixedClock(T0);
    const kind = uniqueKind();
    const { ran, handler } = recorder();
    const runner = createJobRunner({ db: database.db, clock, log, handlers: { [kind]: handler(clock) }, pollMs: 10 });
    await scheduleJob(database.db, { kind, runAt: T0 });
    runner.start();
    for (let waited = 0; ran.length === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await runner.stop();
    expect(ran).toHaveLength(1);
  });

  it.skipIf(isPglite())("gives each due job to one worker when several claim at once (SKIP LOCKED)", async () => {
    const kind = uniqueKind();
    for (let index = 0; index < 30; index += 1) await scheduleJob(database.db, { kind, runAt: T0 });
    const others = await Promise.all([openTestDatabase(2), openTestDatabase(2), openTestDatabase(2)]);
    try {
      const claims = await Promise.all(others.map((other) => claimDueJobs(other.db, [kind], T0, 12, MINUTE)));
      const ids = claims.flat().map((row) => row.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
    const [{ n } = { n: 0 }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.kind, kind));
    expect(n).toBe(30);
  });
});
