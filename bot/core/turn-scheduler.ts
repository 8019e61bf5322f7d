import type { Logger } from "../../lib/logger.ts";

/** A batch's size when none is configured (TURN_BATCH_MAX's default): past it, a batch's own turns are most of its time. */
const DEFAULT_MAX_BATCH = 16;

/**
 * Runs conversations' turns at most `concurrency` at a time, in the order their messages
 * arrived, instead of starting every one at once and letting them queue on the database
 * pool (where webhooks' writes would wait behind them). A conversation waits once however
 * many of its messages arrive: its turn handles all it has stored, in order; one that
 * arrives while its turn runs brings it back afterwards. What waits here is stored
 * already: a process that dies loses only this list, and recovery finds the messages.
 */
export function createTurnScheduler(deps: {
  process: (conversationId: string) => Promise<unknown>;
  /**
   * Several waiting conversations' turns at once in one slot (one transaction): used only
   * once as many conversations wait as there are slots, so a turn that finds a free slot,
   * or a short queue, is never made to wait for others. Without it, one conversation per slot.
   */
  processBatch?: (conversationIds: string[]) => Promise<unknown>;
  /** The most conversations one batch takes. */
  maxBatch?: number;
  concurrency: number;
  log: Logger;
}) {
  /** Waiting conversations, oldest first (a Set keeps insertion order). */
  const waiting = new Set<string>();
  const running = new Set<string>();
  const runAgain = new Set<string>();
  const whenIdle: (() => void)[] = [];
  /** Work waiting for a slot (`runWhenFree`), oldest first, a share of the slots at most. */
  const jobs: (() => void)[] = [];
  const jobSlots = Math.max(1, Math.floor(deps.concurrency / 4));
  let runningJobs = 0;
  /** Slots taken by scheduled turns: one per batch, however many conversations it holds. */
  let scheduledSlots = 0;
  /** Turns run directly by their caller (`runNowIfFree`), holding a slot like the others. */
  let direct = 0;
  const busy = () => scheduledSlots + direct;
  const maxBatch = deps.processBatch ? Math.max(1, deps.maxBatch ?? DEFAULT_MAX_BATCH) : 1;

  function schedule(conversationId: string) {
    if (running.has(conversationId)) runAgain.add(conversationId);
    else waiting.add(conversationId);
    pump();
  }

  function pump() {
    while (jobs.length > 0 && runningJobs < jobSlots && busy() < deps.concurrency) jobs.shift()?.();
    while (waiting.size > 0 && busy() < deps.concurrency) {
      // Batches only once as many wait as there are slots, spread over the free slots. A
      // shorter queue is a passing burst: batched, its turns would wait for one another, and
      // longer-held connections kept the queue from emptying (bench:webhook at 200/s offered
      // stayed at a 40–80 ms median in two runs of four when batches formed at any queue).
      const size = waiting.size >= deps.concurrency ? Math.min(maxBatch, Math.ceil(waiting.size / (deps.concurrency - busy()))) : 1;
      const batch: string[] = [];
      for (const conversationId of waiting) {
        if (batch.length === size) break;
        batch.push(conversationId);
      }
      for (const conversationId of batch) {
        waiting.delete(conversationId);
        running.add(conversationId);
      }
      scheduledSlots++;
      void run(batch);
    }
    if (busy() === 0 && waiting.size === 0 && jobs.length === 0) for (const resolve of whenIdle.splice(0)) resolve();
  }

  async function run(batch: string[]) {
    try {
      if (batch.length === 1 || !deps.processBatch) await deps.process(batch[0] ?? "");
      else await deps.processBatch(batch);
    } catch (error) {
      deps.log.error({ err: error, conversationIds: batch }, "handling an accepted message failed; recovery will retry");
    } finally {
      scheduledSlots--;
      for (const conversationId of batch) {
        running.delete(conversationId);
        if (runAgain.delete(conversationId)) waiting.add(conversationId);
      }
      pump();
    }
  }

  /**
   * Runs `work` at once in a free slot, or returns null when every slot is taken or turns
   * already wait (running it then would jump the queue, and the caller should only store).
   */
  function runNowIfFree<T>(work: () => Promise<T>): Promise<T> | null {
    if (waiting.size > 0 || busy() >= deps.concurrency) return null;
    return runInSlot(work);
  }

  function runInSlot<T>(work: () => Promise<T>): Promise<T> {
    direct++;
    return work().finally(() => {
      direct--;
      pump();
    });
  }

  /**
   * Runs `work` in a slot once one is free, in a quarter of the slots at most (a turn
   * finishing after a language model answered): a burst of model answers coming back
   * together queues here, in order, instead of taking every database connection, and
   * leaves most slots to the people whose turns need no model. Those waited seconds for
   * the model already; a few milliseconds more is nothing to them.
   */
  function runWhenFree<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      jobs.push(() => {
        runningJobs++;
        void runInSlot(work)
          .finally(() => {
            runningJobs--;
            pump();
          })
          .then(resolve, reject);
      });
      pump();
    });
  }

  return {
    schedule,
    runNowIfFree,
    runWhenFree,
    /** Turns waiting for a free slot (not counting those running). */
    get waiting() {
      return waiting.size;
    },
    /** Resolves once nothing waits or runs. */
    idle(): Promise<void> {
      if (busy() === 0 && waiting.size === 0 && jobs.length === 0) return Promise.resolve();
      return new Promise((resolve) => whenIdle.push(resolve));
    },
  };
}

export type TurnScheduler = ReturnType<typeof createTurnScheduler>;
