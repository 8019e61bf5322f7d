import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../../lib/logger.ts";
import type { Engine, TurnGate } from "./engine.ts";
import { createTurnScheduler } from "./turn-scheduler.ts";
import type { InboundMessage } from "./types.ts";

export type Intake = (inbound: InboundMessage) => Promise<{ duplicate: boolean }>;

/**
 * Without a limit from the configuration (TURN_CONCURRENCY's default). One under the default
 * pool of 5, which leaves a connection to the outbox and the staff. When turns took six
 * round trips, more slots than connections paid (bench:webhook on 2 cores: 4 → 73 updates/s
 * at 32 in flight, 8 → 97); now that a turn takes two or three, eight slots only made more
 * transactions wait for the same five connections, where four slots with larger batches
 * (TURN_BATCH_MAX 16) take 2.6 statements per update instead of 3.4, with no worse latency
 * at 50/s and 200/s offered (three A/B pairs on one noisy machine: README's performance section).
 */
const DEFAULT_TURN_CONCURRENCY = 4;

/** How long a webhook waits for a connection of the main pool before storing through intake's own. */
const MAIN_POOL_PATIENCE_MS = 20;

/**
 * How push channels hand over a message: store it (committed, deduplicated) and return
 * quickly — a webhook must answer within the channel's timeout.
 *
 * Two ways, chosen by load. While a turn slot is free and nothing waits for one, a known
 * person's message is stored and handled in one transaction (`engine.take`: one commit for
 * both, a few milliseconds, counted as one of the running turns). When every slot is busy,
 * the message is only stored, through the intake's own connections (`engine.accept`), and
 * its turn waits its place in arrival order (turn-scheduler.ts): storing never waits behind
 * handling, which is what keeps webhooks answering under overload. Either way the replies
 * leave through the outbox; if this process dies first, the recovery loop of any process
 * handles the stored message.
 */
export function createIntake(
  engine: Pick<Engine, "accept" | "take" | "processConversation" | "processConversations">,
  log: Logger,
  options: { turnConcurrency?: number; turnBatchMax?: number } = {},
): Intake {
  const turns = createTurnScheduler({
    // A turn waiting on a language model gives its slot back while the model thinks.
    process: (conversationId) => engine.processConversation(conversationId, { waitForModel: false, afterModel }),
    // Under a backlog, several conversations' turns share a transaction (fewer round trips per message).
    processBatch: (conversationIds) => engine.processConversations(conversationIds, { afterModel }),
    ...(options.turnBatchMax ? { maxBatch: options.turnBatchMax } : {}),
    concurrency: options.turnConcurrency ?? DEFAULT_TURN_CONCURRENCY,
    log,
  });
  // The turn that follows a model's answer takes a slot like any other, in order.
  const afterModel: TurnGate = (work) => turns.runWhenFree(work);
  /** After storing: a duplicate needs nothing; a message its storing did not handle waits its turn. */
  function followUp({ conversationId, inboundId, settled }: { conversationId: string; inboundId: number | null; settled: boolean }) {
    if (inboundId === null) return { duplicate: true };
    if (!settled) turns.schedule(conversationId);
    return { duplicate: false };
  }
  /** Stores through the intake's own connections; the turn waits its place. */
  async function storeOnly(inbound: InboundMessage) {
    return followUp({ ...(await engine.accept(inbound)), settled: false });
  }

  return async (inbound) => {
    let connected!: () => void;
    const gotConnection = new Promise<"connected">((resolve) => (connected = () => resolve("connected")));
    const taken = turns.runNowIfFree(() => engine.take(inbound, { onConnection: connected, afterModel }));
    if (!taken) return storeOnly(inbound);
    // A free turn slot does not mean a free connection: the main pool may be held by the
    // outbox, staff or a slow query. A message that can be recognised again (the channel's
    // id) is then stored through the intake's connections; the waiting transaction, once it
    // runs, finds it stored and leaves it to the scheduled turn.
    if (inbound.channelMessageId) {
      const first = await Promise.race([gotConnection, taken, delay(MAIN_POOL_PATIENCE_MS).then(() => "busy" as const)]);
      if (first === "busy") {
        // Whichever stores it first wins (the channel's id is unique); if the waiting
        // transaction does, and cannot handle it (the conversation is busy), its turn must
        // still be scheduled — storeOnly then sees a duplicate and schedules nothing.
        taken
          .then(followUp)
          .catch((error: unknown) => log.warn({ err: error, channel: inbound.channel }, "a message's delayed fast path failed; it was stored through intake"));
        return storeOnly(inbound);
      }
    }
    return followUp(await taken);
  };
}
