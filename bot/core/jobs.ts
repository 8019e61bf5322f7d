import type { Db } from "../../db/client.ts";
import type { JobRow } from "../../db/jobs.ts";
import { claimDueJobs, completeJob, failJob, lockClaimedJob } from "../../db/jobs.ts";
import type { Clock } from "../../lib/clock.ts";
import { failureNote } from "../../lib/database-errors.ts";
import type { Logger } from "../../lib/logger.ts";

/**
 * Does one job's work inside the transaction that marks it done: what it writes (e.g. a
 * reminder into the outbox) commits with the job, or not at all. Keep it to database work;
 * slow sending belongs to the outbox. Throwing retries the job later with backoff.
 */
export type JobHandler = (job: JobRow, tx: Db) => Promise<void>;

export interface JobRunnerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** By kind. Jobs of a kind without a handler stay queued (another process may handle them). */
  handlers: Readonly<Record<string, JobHandler>>;
  pollMs?: number;
  batchSize?: number;
  /** How long a claim holds before another worker may take the job (a crashed worker's jobs). */
  leaseMs?: number;
}

export interface JobRunOutcome {
  done: number;
  failed: number;
  /** Withdrawn or taken over between the claim and the run. */
  skipped: number;
}

export interface JobRunner {
  /** Polls every `pollMs` until stop(). */
  start(): void;
  /** Stops polling and waits for the batch in progress. */
  stop(): Promise<void>;
  /** Claims the jobs due at the clock's now and runs them, one after the other. */
  runOnce(): Promise<JobRunOutcome>;
}

const DEFAULT_POLL_MS = 1_000;
const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_LEASE_MS = 60_000;

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const kinds = Object.keys(deps.handlers);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<JobRunOutcome> | null = null;
  let stopped = true;

  async function runJob(claimed: JobRow): Promise<keyof JobRunOutcome> {
    const handler = deps.handlers[claimed.kind];
    if (!handler) return "skipped";
    try {
      const ran = await deps.db.transaction(async (tx) => {
        // Under the row lock: a withdrawal that committed before now is seen, one that
        // comes later waits for this run to commit.
        const job = await lockClaimedJob(tx, claimed);
        if (!job) return false;
        await handler(job, tx);
        await completeJob(tx, job.id, deps.clock.now());
        return true;
      });
      return ran ? "done" : "skipped";
    } catch (error) {
      const message = failureNote(error);
      const outcome = await failJob(deps.db, claimed, message, deps.clock.now()).catch((failure: unknown) => {
        deps.log.error({ err: failure, jobId: claimed.id }, "could not record a job failure; its lease will expire");
        return "stale" as const;
      });
      const log = outcome === "failed" ? deps.log.error.bind(deps.log) : deps.log.warn.bind(deps.log);
      log({ err: error, jobId: claimed.id, kind: claimed.kind, attempts: claimed.attempts, outcome }, "job failed");
      return "failed";
    }
  }

  async function runBatch(): Promise<JobRunOutcome> {
    const outcome: JobRunOutcome = { done: 0, failed: 0, skipped: 0 };
    const claimed = await claimDueJobs(deps.db, kinds, deps.clock.now(), batchSize, leaseMs);
    // One at a time: a failing job is recorded and the next one still runs.
    for (const job of claimed) outcome[await runJob(job)] += 1;
    return outcome;
  }

  function runOnce(): Promise<JobRunOutcome> {
    running ??= runBatch().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      runOnce()
        .then((outcome) => {
          // A full batch means more may be due: go on at once.
          const busy = outcome.done + outcome.failed + outcome.skipped >= batchSize;
          schedule(busy ? 0 : pollMs);
        })
        .catch((error: unknown) => {
          deps.log.error({ err: error }, "job runner poll failed");
          schedule(pollMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped || kinds.length === 0) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
    runOnce,
  };
}
