import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A persistent job queue in the application's own database (reminders, later broadcasts).
 * Not pg-boss or graphile-worker: both need a network connection to a PostgreSQL server
 * (LISTEN/NOTIFY, their own pools and schemas), and the embedded mode runs on PGlite
 * in-process. This table works the same on both: workers claim due rows with
 * `FOR UPDATE SKIP LOCKED` and a lease, so several processes share it and a crashed
 * worker's jobs are taken over when the lease ends.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").notNull(),
    runAt: timestamp("run_at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    /** One live job per key (`reminder:24h:<appointmentId>`): scheduling twice is harmless. */
    dedupeKey: text("dedupe_key"),
    /** Claims so far (a claim counts even if the worker died before finishing). */
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    /** Claimed by a worker until then; after it, another worker may take the job. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** Gave up after maxAttempts. */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("jobs_dedupe_key_key").on(table.dedupeKey),
    // Workers scan only the live jobs, by due time.
    index("jobs_due_idx")
      .on(table.runAt)
      .where(sql`${table.doneAt} is null and ${table.cancelledAt} is null and ${table.failedAt} is null`),
  ],
);
