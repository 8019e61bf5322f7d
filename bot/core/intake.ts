import type { Logger } from "../../lib/logger.ts";
import type { Engine } from "./engine.ts";
import type { InboundMessage } from "./types.ts";

export type Intake = (inbound: InboundMessage) => Promise<{ duplicate: boolean }>;

/**
 * How push channels hand over a message: store it (committed, deduplicated) and return —
 * a webhook must answer within the channel's timeout. A known person's message is
 * handled in the same transaction when their conversation is free (one commit for both,
 * a few milliseconds); anything slower (a newcomer, a model to ask) is handled right
 * after. The replies leave through the outbox; if this process dies first, the recovery
 * loop of any process handles the stored message.
 */
export function createIntake(engine: Engine, log: Logger): Intake {
  return async (inbound) => {
    const { conversationId, inboundId, settled } = await engine.take(inbound);
    if (inboundId === null) return { duplicate: true };
    if (settled) return { duplicate: false };
    engine.processConversation(conversationId).catch((error: unknown) => {
      log.error({ err: error, conversationId, channel: inbound.channel }, "handling an accepted message failed; recovery will retry");
    });
    return { duplicate: false };
  };
}
