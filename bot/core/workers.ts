import type { Logger } from "../../lib/logger.ts";
import type { Engine } from "./engine.ts";
import type { Outbox } from "./outbox.ts";

const RECOVERY_INTERVAL_MS = 5_000;
const OUTBOX_SWEEP_INTERVAL_MS = 1_000;

/**
 * Background work of one app process: send replies as soon as they are committed, sweep
 * the outbox for retries and for replies a crashed process left behind, and handle
 * accepted messages nobody handled. Every process runs this; the database coordinates.
 */
export function startWorkers(deps: { engine: Engine; outbox: Outbox; log: Logger; pushChannels: ReadonlySet<string> }) {
  const onOutbound = (conversationId: string, channel: string) => {
    if (!deps.pushChannels.has(channel)) return;
    deps.outbox.drain(conversationId).catch((error: unknown) => deps.log.error({ err: error, conversationId }, "outbox drain failed"));
  };
  deps.engine.events.on("outbound", onOutbound);
  deps.outbox.start(OUTBOX_SWEEP_INTERVAL_MS);

  let recovering: Promise<unknown> | null = null;
  const recovery = setInterval(() => {
    recovering ??= deps.engine
      .recoverUnhandled()
      .then((count) => {
        if (count > 0) deps.log.info({ count }, "handled messages left pending");
      })
      .catch((error: unknown) => deps.log.error({ err: error }, "recovery failed"))
      .finally(() => {
        recovering = null;
      });
  }, RECOVERY_INTERVAL_MS);
  recovery.unref();

  return async function stopWorkers() {
    deps.engine.events.off("outbound", onOutbound);
    clearInterval(recovery);
    await recovering;
    await deps.outbox.stop();
  };
}
