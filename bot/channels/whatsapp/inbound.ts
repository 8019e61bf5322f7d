import type { Intake } from "../../core/intake.ts";
import type { InboundMessage } from "../../core/types.ts";
import type { Logger } from "../../../lib/logger.ts";

/** WhatsApp Web does not deliver a message twice: if storing it fails, retry a few times before giving up. */
const RETRY_DELAYS_MS = [500, 2_000, 8_000];

/**
 * Hands decoded messages to the intake one chat at a time, in the order WhatsApp emitted
 * them (two quick messages must not be stored the other way round), chats in parallel.
 */
export function createInboundQueue(intake: Intake, log: Logger, retryDelaysMs: readonly number[] = RETRY_DELAYS_MS) {
  const chains = new Map<string, Promise<void>>();
  let stopping = false;

  async function deliver(message: InboundMessage): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await intake(message);
        return;
      } catch (error) {
        const delay = retryDelaysMs[attempt];
        if (delay === undefined || stopping) {
          log.error({ err: error, channelMessageId: message.channelMessageId }, "a WhatsApp message could not be stored; it is lost unless the person writes again");
          return;
        }
        log.warn({ err: error, attempt: attempt + 1 }, "storing a WhatsApp message failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  return {
    push(message: InboundMessage): void {
      const key = message.externalUserId;
      const next = (chains.get(key) ?? Promise.resolve()).then(() => deliver(message));
      chains.set(key, next);
      void next.then(() => {
        if (chains.get(key) === next) chains.delete(key);
      });
    },
    /** Waits for the messages already received to be stored (shutdown); no more retries after this. */
    async drain(): Promise<void> {
      stopping = true;
      await Promise.all(chains.values());
      stopping = false;
    },
  };
}
