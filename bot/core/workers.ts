import type { Db } from "../../db/client.ts";
import { pruneIdleBuckets } from "../../db/rate-buckets.ts";
import { eraseInactiveContacts, RETENTION_MONTHS } from "../../db/retention.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Engine } from "./engine.ts";
import { DELIVERY_LEASE_MS, type Outbox } from "./outbox.ts";

const RECOVERY_INTERVAL_MS = 5_000;
const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** Longer than any web chat bucket takes to refill (an hour for new sessions). */
const RATE_BUCKET_IDLE_MS = 2 * 60 * 60 * 1000;
const OUTBOX_SWEEP_INTERVAL_MS = 1_000;
/** People left unassigned (nobody present, everyone full) are offered again this often. */
const ASSIGNMENT_SWEEP_INTERVAL_MS = 15_000;

/**
 * Background work of one app process: send replies as soon as they are committed, sweep
 * the outbox for retries and for replies a crashed process left behind, handle accepted
 * messages nobody handled, hand waiting people to advisors who came online or got room,
 * and erase people silent for 24 months. Every process runs this; the database coordinates.
 */
export function startWorkers(deps: {
  engine: Engine;
  outbox: Outbox;
  log: Logger;
  pushChannels: ReadonlySet<string>;
  db: Db;
  clock: Clock;
  /** Hands waiting people to present advisors with room (bot/conversation/service.ts). */
  assignWaiting?: () => Promise<number>;
}) {
  const onOutbound = (conversationId: string, channel: string) => {
    if (!deps.pushChannels.has(channel)) return;
    deps.outbox.drain(conversationId).catch((error: unknown) => deps.log.error({ err: error, conversationId }, "outbox drain failed"));
  };
  deps.engine.events.on("outbound", onOutbound);
  // A turn's replies are claimed in the statement that saves them and sent from here, with no claim of their own.
  const stopHandOver = deps.engine.handOver(deps.pushChannels, DELIVERY_LEASE_MS, (conversationId, claimed, complete) => {
    deps.outbox.deliverClaimed(conversationId, claimed, complete).catch((error: unknown) => deps.log.error({ err: error, conversationId }, "sending replies failed"));
  });
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

  const purge = () => {
    const now = deps.clock.now();
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - RETENTION_MONTHS);
    eraseInactiveContacts(deps.db, cutoff, now)
      .then((count) => {
        if (count > 0) deps.log.info({ count, cutoff }, "erased people silent for 24 months");
      })
      .catch((error: unknown) => deps.log.error({ err: error }, "retention purge failed"));
    // Idle web chat rate buckets are full again: forgetting them changes nothing.
    pruneIdleBuckets(deps.db, "webchat:", new Date(now.getTime() - RATE_BUCKET_IDLE_MS)).catch((error: unknown) => deps.log.warn({ err: error }, "rate bucket pruning failed"));
  };
  let assigning: Promise<unknown> | null = null;
  const assignment = setInterval(() => {
    if (!deps.assignWaiting) return;
    assigning ??= deps
      .assignWaiting()
      .catch((error: unknown) => deps.log.error({ err: error }, "auto-assignment failed"))
      .finally(() => {
        assigning = null;
      });
  }, ASSIGNMENT_SWEEP_INTERVAL_MS);
  assignment.unref();

  const retentionStart = setTimeout(purge, 60_000);
  const retention = setInterval(purge, RETENTION_INTERVAL_MS);
  retentionStart.unref();
  retention.unref();

  return async function stopWorkers() {
    deps.engine.events.off("outbound", onOutbound);
    stopHandOver();
    clearInterval(recovery);
    clearInterval(assignment);
    clearTimeout(retentionStart);
    clearInterval(retention);
    await recovering;
    await assigning;
    await deps.outbox.stop();
  };
}
