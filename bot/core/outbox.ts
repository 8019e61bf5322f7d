import type { Db } from "../../db/client.ts";
import {
  claimDeliveries,
  type PendingDelivery,
  holdDelivery,
  listConversationsWithDueDeliveries,
  markContactUnreachable,
  markDelivered,
  markDeliveryFailed,
  releaseDeliveries,
  scheduleRetry,
} from "../../db/outbox.ts";
import type { Clock } from "../../lib/clock.ts";
import { isDatabaseUnavailable } from "../../lib/database-errors.ts";
import { createGroupCommit } from "../../lib/group-commit.ts";
import type { Logger } from "../../lib/logger.ts";
import type { ChannelName, Outbound } from "./types.ts";

/** A push channel (Telegram, WhatsApp, the terminal) as the outbox sees it. */
export interface ChannelSender {
  channel: ChannelName;
  /**
   * Sends one message to the person at `address`; resolves with the channel's message id.
   * `held`: the channel could not carry it now and sent a notice instead (WhatsApp's
   * closed window): the message waits for the person's next message. `paced`: the caller
   * already took this send's token from the account's bucket (the announcement worker).
   */
  send(address: string, message: Outbound, options?: { paced?: boolean }): Promise<{ channelMessageId?: string; held?: boolean }>;
  /** The token bucket this account's sends share (db/rate-buckets.ts), when not the channel's default. */
  rateKey?: string;
  /**
   * Announcement sends a process may have in flight at once on this account (default 1):
   * a fast account (the Cloud API's 80/s) needs a few to keep up with its rate.
   */
  concurrency?: number;
}

/** A failure the channel told us about precisely: retry later, or never. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly unreachable: boolean;
  readonly retryAfterMs: number | undefined;
  /** A rate limit, not a failure: retried after `retryAfterMs` without using up an attempt. */
  readonly throttled: boolean;
  constructor(message: string, options: { permanent?: boolean; unreachable?: boolean; retryAfterMs?: number; throttled?: boolean } = {}) {
    super(message);
    this.name = "DeliveryError";
    this.permanent = options.permanent ?? false;
    this.unreachable = options.unreachable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.throttled = options.throttled ?? false;
  }
}

export const MAX_DELIVERY_ATTEMPTS = 8;
/** How long a sender owns the replies it claimed; longer than a paced batch takes to send. */
export const DELIVERY_LEASE_MS = 2 * 60_000;
const BASE_RETRY_MS = 2_000;
/**
 * A reply saved this recently and never tried is its own process's to send: the sweep
 * leaves it alone. Under load the sweep took such replies from under the direct path and
 * sent them one conversation after another — some people waited seconds for a reply
 * already on its way (bench:webhook's slowest reply at 32 in flight: 3.7 s).
 */
export const SWEEP_GRACE_MS = 3_000;
const MAX_RETRY_MS = 10 * 60_000;

export interface Outbox {
  /** Sends the conversation's due replies in order; returns how many left. */
  drain(conversationId: string): Promise<number>;
  /**
   * Sends replies the engine already claimed for this process in the statement that saved
   * them (no claim of their own), then drains the conversation if it may hold more
   * (`complete` false: some of the turn's replies were left for the outbox).
   */
  deliverClaimed(conversationId: string, claimed: PendingDelivery[], complete: boolean): Promise<number>;
  /** Finds every conversation with due replies (after a crash, a retry delay) and drains it. */
  sweep(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/**
 * The outbox: replies are rows written in the engine's transaction; this sends them
 * afterwards. A crash between commit and send loses nothing — the next sweep sends them
 * (at least once). A channel failure is retried with backoff without reordering replies.
 */
export function createOutbox(deps: { db: Db; clock: Clock; log: Logger; senders: ChannelSender[] }): Outbox {
  const senders = new Map(deps.senders.map((sender) => [sender.channel, sender]));
  /**
   * Sent replies are recorded for every conversation this process sends for together: what
   * was sent while one statement ran goes in the next (one round trip and one commit for
   * many people's replies under load, at once when quiet).
   */
  const recordSent = createGroupCommit(
    async (sent: { id: number; channelMessageId: string | null }[]) => {
      await markDelivered(deps.db, sent, deps.clock.now());
      return sent.map(() => undefined);
    },
    { retryAlone: (error) => !isDatabaseUnavailable(error) },
  );
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<number> | null = null;

  /**
   * Conversations this process is sending replies for, one sender per conversation at a
   * time, so its replies leave in order. What comes meanwhile waits in the entry:
   * - a drain (another reply was saved, the sweep came by): the sender claims once more
   *   when done (`drainAfter`) — run at once, it would find the replies leased and stop;
   * - a later turn's replies claimed in the statement that saved them (the person wrote
   *   again as soon as their webhook was answered, and the earlier replies were recorded
   *   sent just before): leased to this process alone, they go next (`queued`). Dropped,
   *   they would wait two minutes for their lease to lapse.
   */
  const sending = new Map<string, { drainAfter: boolean; queued: PendingDelivery[] }>();

  function drain(conversationId: string): Promise<number> {
    const inFlight = sending.get(conversationId);
    if (inFlight) {
      inFlight.drainAfter = true;
      return Promise.resolve(0);
    }
    return sendInTurn(conversationId, [], true);
  }

  /** Direct deliveries under way, which stop() lets finish (their replies are leased: cut short, they would wait for the lease). */
  const delivering = new Set<Promise<number>>();

  function deliverClaimed(conversationId: string, claimed: PendingDelivery[], complete: boolean): Promise<number> {
    const inFlight = sending.get(conversationId);
    if (inFlight) {
      inFlight.queued.push(...claimed);
      if (!complete) inFlight.drainAfter = true;
      return Promise.resolve(0);
    }
    const work = sendInTurn(conversationId, claimed, !complete);
    delivering.add(work);
    void work.catch(() => 0).finally(() => delivering.delete(work));
    return work;
  }

  /** This process's sender for the conversation until nothing is left to send (see `sending`). */
  async function sendInTurn(conversationId: string, claimed: PendingDelivery[], drainAfter: boolean): Promise<number> {
    const entry = { drainAfter, queued: [] as PendingDelivery[] };
    sending.set(conversationId, entry);
    let sent = 0;
    try {
      let batch = claimed;
      for (;;) {
        if (batch.length === 0) batch = entry.queued.splice(0);
        if (batch.length === 0 && entry.drainAfter) {
          entry.drainAfter = false;
          const claimedAt = deps.clock.now();
          batch = await claimDeliveries(deps.db, conversationId, claimedAt, new Date(claimedAt.getTime() + DELIVERY_LEASE_MS));
          // Replies queued during the claim are the oldest pending ones (a turn claims its
          // own only when nothing older is pending), so the claim took nothing: look again.
          continue;
        }
        if (batch.length === 0) break;
        const outcome = await send(batch);
        sent += outcome.sent;
        batch = [];
        // An earlier reply waits for its retry: later ones must not overtake it. The retry's
        // claim takes every pending reply of the conversation, these included, in order.
        if (outcome.stopped) break;
      }
    } finally {
      sending.delete(conversationId);
    }
    return sent;
  }

  /**
   * Sends claimed replies in order; what was sent is marked in one statement, before any
   * other write. `stopped`: a reply waits for a retry, and the ones after it were not sent.
   */
  async function send(claimed: PendingDelivery[]): Promise<{ sent: number; stopped: boolean }> {
    const delivered: { id: number; channelMessageId: string | null }[] = [];
    let sent = 0;
    const flush = async () => {
      if (delivered.length > 0) await Promise.all(delivered.splice(0).map(recordSent));
    };
    try {
      for (const delivery of claimed) {
        const sender = senders.get(delivery.channel as ChannelName);
        // A pull channel (web): its client fetches the replies; give them back at once.
        if (!sender) {
          await flush();
          await releaseDeliveries(deps.db, claimed.map((item) => item.id));
          return { sent, stopped: false };
        }
        if (!delivery.address || !delivery.content) {
          await flush();
          await markDeliveryFailed(deps.db, delivery.id, delivery.address ? "content erased" : "no address (data erased)", deps.clock.now());
          continue;
        }
        try {
          const result = await sender.send(delivery.address, delivery.content as unknown as Outbound);
          if (result.held) {
            // Its notice went instead; the message itself waits for the person to write.
            await flush();
            await holdDelivery(deps.db, delivery.id, result.channelMessageId ?? null, deps.clock.now());
            continue;
          }
          delivered.push({ id: delivery.id, channelMessageId: result.channelMessageId ?? null });
          sent += 1;
        } catch (error) {
          await flush();
          const now = deps.clock.now();
          const failure = error instanceof DeliveryError ? error : new DeliveryError(String(error));
          if (failure.permanent || (!failure.throttled && delivery.attempts + 1 >= MAX_DELIVERY_ATTEMPTS)) {
            deps.log.warn({ messageId: delivery.id, err: failure.message }, "delivery failed for good");
            await markDeliveryFailed(deps.db, delivery.id, failure.message, now);
            if (failure.unreachable) await markContactUnreachable(deps.db, delivery.contactId, now);
            continue;
          }
          const backoff = failure.retryAfterMs ?? Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** delivery.attempts);
          await scheduleRetry(deps.db, delivery.id, failure.message, new Date(now.getTime() + backoff), !failure.throttled);
          // Later replies wait for this one: order matters more than speed. Their claim
          // lapses with the lease, or sooner when this one is retried and claims them again.
          return { sent, stopped: true };
        }
      }
      return { sent, stopped: false };
    } finally {
      await flush();
    }
  }

  async function sweepOnce(): Promise<number> {
    const now = deps.clock.now();
    const ids = await listConversationsWithDueDeliveries(deps.db, [...senders.keys()], now, 100, { settledBefore: new Date(now.getTime() - SWEEP_GRACE_MS) });
    let sent = 0;
    for (const id of ids) sent += await drain(id).catch((error: unknown) => {
      deps.log.error({ err: error, conversationId: id }, "outbox drain failed");
      return 0;
    });
    return sent;
  }

  return {
    drain,
    deliverClaimed,
    sweep() {
      sweeping ??= sweepOnce().finally(() => {
        sweeping = null;
      });
      return sweeping;
    },
    start(intervalMs = 1_000) {
      timer ??= setInterval(() => {
        void this.sweep().catch((error: unknown) => deps.log.error({ err: error }, "outbox sweep failed"));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await sweeping;
      await Promise.allSettled([...delivering]);
    },
  };
}
