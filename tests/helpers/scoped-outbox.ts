import type { ChannelSender } from "../../bot/core/outbox.ts";
import { createOutbox, DELIVERY_LEASE_MS } from "../../bot/core/outbox.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Runtime } from "../../lib/runtime.ts";

const SWEEP_INTERVAL_MS = 25;

/**
 * An outbox for one channel harness: drained when the engine announces replies and swept
 * every few ms, but only for the conversations this harness saw (or was told to `watch`):
 * the run's database is shared with other test files whose replies are theirs to send
 * (startWorkers would sweep them too).
 */
export function scopedOutbox(runtime: Pick<Runtime, "database" | "clock" | "engine">, sender: ChannelSender, log: Logger, options: { sweep?: boolean } = {}) {
  const outbox = createOutbox({ db: runtime.database.db, clock: runtime.clock, log, senders: [sender] });
  const ours = new Set<string>();
  const onOutbound = (conversationId: string, channelName: string) => {
    if (channelName !== sender.channel) return;
    ours.add(conversationId);
    void outbox.drain(conversationId).catch(() => {});
  };
  runtime.engine.events.on("outbound", onOutbound);
  const stopHandOver = runtime.engine.handOver(new Set([sender.channel]), DELIVERY_LEASE_MS, (conversationId, claimed, complete) => {
    ours.add(conversationId);
    void outbox.deliverClaimed(conversationId, claimed, complete).catch(() => {});
  });
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping || options.sweep === false) return;
    sweeping = true;
    void Promise.all([...ours].map((id) => outbox.drain(id).catch(() => 0))).finally(() => {
      sweeping = false;
    });
  }, SWEEP_INTERVAL_MS);
  return {
    outbox,
    watch(conversationId: string) {
      ours.add(conversationId);
    },
    async close() {
      clearInterval(sweep);
      runtime.engine.events.off("outbound", onOutbound);
      stopHandOver();
      await outbox.stop();
      while (sweeping) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}
