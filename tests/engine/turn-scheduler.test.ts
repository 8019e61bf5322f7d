import { describe, expect, it } from "vitest";
import { createTurnScheduler } from "../../bot/core/turn-scheduler.ts";
import { createLogger } from "../../lib/logger.ts";

/** A turn that ends when the test says so, recording when it started. */
function controlledTurns() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  let running = 0;
  let mostAtOnce = 0;
  return {
    started,
    get mostAtOnce() {
      return mostAtOnce;
    },
    process: (conversationId: string) =>
      new Promise<void>((resolve) => {
        started.push(conversationId);
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        finish.set(conversationId, () => {
          running -= 1;
          resolve();
        });
      }),
    end: async (conversationId: string) => {
      finish.get(conversationId)?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe("the turn scheduler", () => {
  const log = createLogger("silent");

  it("runs at most its limit of turns at once, the others in the order they arrived", async () => {
    const turns = controlledTurns();
    const scheduler = createTurnScheduler({ process: turns.process, concurrency: 2, log });
    for (const id of ["a", "b", "c", "d"]) scheduler.schedule(id);
    expect(turns.started).toEqual(["a", "b"]);
    expect(scheduler.waiting).toBe(2);
    await turns.end("b");
    expect(turns.started).toEqual(["a", "b", "c"]);
    await turns.end("a");
    await turns.end("c");
    await turns.end("d");
    await scheduler.idle();
    expect(turns.started).toEqual(["a", "b", "c", "d"]);
    expect(turns.mostAtOnce).toBe(2);
  });

  it("waits once for a conversation however many of its messages arrive, and runs it again for one that arrives during its turn", async () => {
    const turns = controlledTurns();
    const scheduler = createTurnScheduler({ process: turns.process, concurrency: 1, log });
    scheduler.schedule("a");
    scheduler.schedule("b");
    scheduler.schedule("b");
    scheduler.schedule("a"); // arrives while a's turn runs: a comes back, after b
    expect(scheduler.waiting).toBe(1);
    await turns.end("a");
    await turns.end("b");
    await turns.end("a");
    await scheduler.idle();
    expect(turns.started).toEqual(["a", "b", "a"]);
  });

  it("runs a caller's turn at once only while a slot is free and nobody waits, and counts it against the limit", async () => {
    const turns = controlledTurns();
    const scheduler = createTurnScheduler({ process: turns.process, concurrency: 2, log });
    const direct = scheduler.runNowIfFree(() => turns.process("direct"));
    expect(direct).not.toBeNull();
    scheduler.schedule("a");
    scheduler.schedule("b");
    // One slot went to the direct turn: b waits, and so does the next direct one (no queue jumping).
    expect(turns.started).toEqual(["direct", "a"]);
    expect(scheduler.runNowIfFree(() => turns.process("jumper"))).toBeNull();
    await turns.end("direct");
    await direct;
    expect(turns.started).toEqual(["direct", "a", "b"]);
    expect(turns.mostAtOnce).toBe(2);
    await turns.end("a");
    await turns.end("b");
    await scheduler.idle();
    expect(scheduler.runNowIfFree(async () => "ran")).not.toBeNull();
  });

  it("goes on after a turn that failed", async () => {
    const seen: string[] = [];
    const scheduler = createTurnScheduler({
      process: async (id) => {
        seen.push(id);
        if (id === "a") throw new Error("boom");
      },
      concurrency: 1,
      log,
    });
    scheduler.schedule("a");
    scheduler.schedule("b");
    await scheduler.idle();
    expect(seen).toEqual(["a", "b"]);
  });
  it("runs work that follows a model's answer in a quarter of the slots at most, in order, leaving the rest to turns", async () => {
    const turns = controlledTurns();
    const scheduler = createTurnScheduler({ process: turns.process, concurrency: 4, log });
    // Three model answers come back at once: one slot of four is theirs.
    const answered: string[] = [];
    const answers = ["x", "y", "z"].map((id) => scheduler.runWhenFree(() => turns.process(id).then(() => answered.push(id))));
    expect(turns.started).toEqual(["x"]);
    // People whose turns need no model still find slots, at once.
    for (const id of ["a", "b", "c"]) scheduler.schedule(id);
    expect(turns.started).toEqual(["x", "a", "b", "c"]);
    expect(scheduler.runNowIfFree(async () => "no slot left")).toBeNull();
    await turns.end("a");
    expect(turns.started).toHaveLength(4); // a freed slot is not the answers' to take
    await turns.end("x");
    expect(turns.started.at(-1)).toBe("y");
    await turns.end("y");
    await turns.end("z");
    await Promise.all(answers);
    for (const id of ["b", "c"]) await turns.end(id);
    await scheduler.idle();
    expect(answered).toEqual(["x", "y", "z"]);
    expect(turns.mostAtOnce).toBe(4);
  });

  it("batches conversations only once as many wait as there are slots, oldest first, each conversation in one place", async () => {
    const turns = controlledTurns();
    const batches: string[][] = [];
    const finishBatch: (() => void)[] = [];
    const scheduler = createTurnScheduler({
      process: turns.process,
      processBatch: (ids) => new Promise<void>((resolve) => (batches.push(ids), finishBatch.push(resolve))),
      maxBatch: 3,
      concurrency: 2,
      log,
    });
    // Two slots free, two waiting: one each, no batch.
    scheduler.schedule("a");
    scheduler.schedule("b");
    expect(turns.started).toEqual(["a", "b"]);
    expect(batches).toEqual([]);
    // A backlog forms behind them: the freed slot takes as many as a batch holds, in order.
    for (const id of ["c", "d", "e", "f", "c"]) scheduler.schedule(id);
    expect(scheduler.waiting).toBe(4);
    await turns.end("a");
    expect(batches).toEqual([["c", "d", "e"]]);
    // c wrote again while its batch ran: it comes back after the batch, not beside it.
    scheduler.schedule("c");
    await turns.end("b");
    expect(turns.started).toEqual(["a", "b", "f"]);
    finishBatch[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(turns.started).toEqual(["a", "b", "f", "c"]);
    await turns.end("f");
    await turns.end("c");
    await scheduler.idle();
    expect(batches).toHaveLength(1);
  });

  it("handles a queue shorter than its slots one conversation at a time, even with one slot free", async () => {
    const turns = controlledTurns();
    const batches: string[][] = [];
    const scheduler = createTurnScheduler({ process: turns.process, processBatch: async (ids) => void batches.push(ids), maxBatch: 8, concurrency: 3, log });
    for (const id of ["a", "b", "c", "d", "e"]) scheduler.schedule(id);
    expect(scheduler.waiting).toBe(2);
    await turns.end("a");
    expect(batches).toEqual([]);
    expect(turns.started).toEqual(["a", "b", "c", "d"]);
    for (const id of ["b", "c", "d", "e"]) await turns.end(id);
    await scheduler.idle();
    expect(turns.started).toEqual(["a", "b", "c", "d", "e"]);
  });
});
