import {
  claimRecipients,
  finishCompleted,
  releaseRecipient,
  settleAbandoned,
  settleSent,
  settleWithout,
  type ClaimedRecipient,
} from "../../db/broadcasts.ts";
import type { Db } from "../../db/client.ts";
import { listConversationsWithDueDeliveries, markContactUnreachable } from "../../db/outbox.ts";
import { pauseBucket, takeToken } from "../../db/rate-buckets.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import { DeliveryError, type ChannelSender } from "../core/outbox.ts";
import { LANGUAGES, type Lang } from "../core/types.ts";
import type { Translator } from "../i18n.ts";
import { bucketKey, type BroadcastLimits, type ChannelRate } from "./limits.ts";
import { composeBroadcast } from "./message.ts";
import type { BroadcastChannel } from "./types.ts";

/** A push send's claim: longer than a send may take (the Telegram client gives up at 15 s). */
export const BROADCAST_LEASE_MS = 60_000;
const MAX_BROADCAST_ATTEMPTS = 8;
const RETRY_BASE_MS = 5_000;
/** A failure that is not the person's (network, WhatsApp not connected) pauses the channel this long at most. */
const MAX_CHANNEL_PAUSE_MS = 60_000;
/** Web recipients are written, not sent: this many per transaction. */
const WEB_BATCH = 200;
const IDLE_POLL_MS = 1_000;
/** While replies wait on a channel, announcements wait this long before looking again. */
const YIELD_TO_REPLIES_MS = 100;
const HOUSEKEEPING_MS = 2_000;

export interface BroadcastWorkerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  translator: Translator;
  /** The push channels this process can send on (Telegram, WhatsApp). */
  senders: readonly ChannelSender[];
  limits: BroadcastLimits;
  leaseMs?: number;
  idlePollMs?: number;
  /** The first retry's delay after a failure that may pass (doubling after). */
  retryBaseMs?: number;
}

export interface BroadcastWorker {
  start(): void;
  /** Stops the loops and waits for the sends in progress to settle. */
  stop(): Promise<void>;
  /** Writes due web chat recipients now (tests); returns how many. */
  writeWebBatch(): Promise<number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function langOf(value: string): Lang {
  return (LANGUAGES as readonly string[]).includes(value) ? (value as Lang) : "fr";
}

/**
 * Sends announcements: one loop per push channel, paced by the channel's token bucket
 * in PostgreSQL (shared by every process), one person at a time — claimed, sent, then
 * settled with the message in the person's history. Replies and reminders go first:
 * while the outbox has any due on a channel, its announcements wait. Web chat people
 * get the message written into their conversation, in batches.
 */
export function createBroadcastWorker(deps: BroadcastWorkerDeps): BroadcastWorker {
  const leaseMs = deps.leaseMs ?? BROADCAST_LEASE_MS;
  const idlePollMs = deps.idlePollMs ?? IDLE_POLL_MS;
  const retryBaseMs = deps.retryBaseMs ?? RETRY_BASE_MS;
  let running = false;
  const loops: Promise<void>[] = [];

  function compose(recipient: ClaimedRecipient) {
    const lang = langOf(recipient.language);
    return composeBroadcast({ texts: recipient.texts, action: recipient.action }, lang, deps.translator.forLang(lang));
  }

  /**
   * Web chat people: the message is written into their conversation and the page fetches
   * it. Claim and writes share one transaction, so a crash leaves a batch untouched.
   */
  async function writeWebBatch(): Promise<number> {
    return deps.db.transaction(async (tx) => {
      const claimed = await claimRecipients(tx, "web", WEB_BATCH, leaseMs, deps.clock.now());
      for (const recipient of claimed) {
        if (recipient.excludedBecause) {
          await settleWithout(tx, recipient.id, "skipped", recipient.excludedBecause);
          continue;
        }
        const message = compose(recipient);
        await settleSent(tx, recipient, { kind: message.kind, content: message, channelMessageId: null, delivered: false });
      }
      return claimed.length;
    });
  }

  /** One person on a push channel; the token for it is already taken. */
  async function sendOne(sender: ChannelSender, rate: ChannelRate, recipient: ClaimedRecipient): Promise<void> {
    if (recipient.excludedBecause || !recipient.address) {
      await settleWithout(deps.db, recipient.id, "skipped", recipient.excludedBecause ?? "no_address");
      return;
    }
    const message = compose(recipient);
    let channelMessageId: string | null;
    try {
      // The token for this send is taken (pushLoop): the sender must not take another.
      channelMessageId = (await sender.send(recipient.address, message, { paced: true })).channelMessageId ?? null;
    } catch (error) {
      await settleFailure(sender, recipient, rate, error instanceof DeliveryError ? error : new DeliveryError(String(error)));
      return;
    }
    // If this write fails, the row stays `sending` and becomes uncertain: never sent twice.
    await settleSent(deps.db, recipient, { kind: message.kind, content: message, channelMessageId, delivered: true });
  }

  async function settleFailure(sender: ChannelSender, recipient: ClaimedRecipient, rate: ChannelRate, failure: DeliveryError) {
    const channel = recipient.channel as BroadcastChannel;
    const key = sender.rateKey ?? bucketKey(channel);
    if (failure.throttled) {
      // A rate limit the sender already applied where it belongs (the number, or this one person): just later.
      await releaseRecipient(deps.db, recipient.id, failure.retryAfterMs ?? 1_000, failure.message, true);
      return;
    }
    if (failure.retryAfterMs !== undefined) {
      // 429: the whole account slows down, not just this person.
      deps.log.warn({ channel, retryAfterMs: failure.retryAfterMs }, "announcements paused: the channel asked to slow down");
      await pauseBucket(deps.db, key, failure.retryAfterMs);
      await releaseRecipient(deps.db, recipient.id, failure.retryAfterMs, failure.message, true);
      return;
    }
    if (failure.permanent) {
      await settleWithout(deps.db, recipient.id, "failed", failure.unreachable ? "blocked" : `rejected: ${failure.message}`.slice(0, 300));
      if (failure.unreachable) await markContactUnreachable(deps.db, recipient.contactId, deps.clock.now());
      return;
    }
    if (recipient.attempts >= MAX_BROADCAST_ATTEMPTS) {
      await settleWithout(deps.db, recipient.id, "failed", "unreachable");
      return;
    }
    // Most such failures are the channel's (a network cut, WhatsApp disconnected): the
    // whole account waits, so one outage does not use up everybody's attempts in a minute.
    const backoffMs = Math.min(MAX_CHANNEL_PAUSE_MS, retryBaseMs * 2 ** (recipient.attempts - 1));
    await pauseBucket(deps.db, key, backoffMs);
    await releaseRecipient(deps.db, recipient.id, backoffMs + 1_000 / rate.perSecond, failure.message, false);
  }

  /**
   * Whether replies wait on the channel, looked at every YIELD_TO_REPLIES_MS, not before
   * every send (replies wait at most that), once for all of a channel's loops.
   */
  function repliesWatch(channel: BroadcastChannel) {
    let checkedAt = 0;
    let due: Promise<boolean> | null = null;
    return async () => {
      if (performance.now() - checkedAt < YIELD_TO_REPLIES_MS) return false;
      due ??= listConversationsWithDueDeliveries(deps.db, [channel], deps.clock.now(), 1)
        .then((rows) => {
          if (rows.length === 0) checkedAt = performance.now();
          return rows.length > 0;
        })
        .finally(() => {
          due = null;
        });
      return due;
    };
  }

  async function pushLoop(sender: ChannelSender, rate: ChannelRate, repliesDue: () => Promise<boolean>, loops: number) {
    const channel = sender.channel as BroadcastChannel;
    const key = sender.rateKey ?? bucketKey(channel);
    while (running) {
      try {
        if (await repliesDue()) {
          await sleep(YIELD_TO_REPLIES_MS);
          continue;
        }
        const token = await takeToken(deps.db, key, rate);
        if (!token.granted) {
          // The account's other loops take the next tokens too: asking again sooner would only be refused.
          await sleep(Math.min(token.waitMs * Math.ceil(loops / 2), idlePollMs));
          continue;
        }
        const [recipient] = await claimRecipients(deps.db, channel, 1, leaseMs, deps.clock.now());
        if (!recipient) {
          await sleep(idlePollMs);
          continue;
        }
        await sendOne(sender, rate, recipient);
      } catch (error) {
        deps.log.error({ err: error, channel }, "announcement sending failed; trying again");
        await sleep(idlePollMs);
      }
    }
  }

  async function webLoop() {
    while (running) {
      try {
        if ((await writeWebBatch()) === 0) await sleep(idlePollMs);
      } catch (error) {
        deps.log.error({ err: error }, "writing announcements to web chats failed; trying again");
        await sleep(idlePollMs);
      }
    }
  }

  async function housekeeping() {
    while (running) {
      try {
        const abandoned = await settleAbandoned(deps.db);
        if (abandoned > 0) deps.log.warn({ abandoned }, "announcements left mid-send by a stopped process: counted as uncertain, not sent again");
        const finished = await finishCompleted(deps.db, deps.clock.now());
        for (const id of finished) deps.log.info({ broadcastId: id }, "announcement sent to everyone");
      } catch (error) {
        deps.log.error({ err: error }, "announcement housekeeping failed");
      }
      await sleep(Math.min(HOUSEKEEPING_MS, idlePollMs * 2, leaseMs));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loops.push(webLoop(), housekeeping());
      for (const sender of deps.senders) {
        const rate = deps.limits[sender.channel as BroadcastChannel];
        // Several loops share the account's bucket and claims as several processes would;
        // each may leave one send in doubt if the process dies.
        if (!rate) continue;
        const count = Math.max(1, sender.concurrency ?? 1);
        const repliesDue = repliesWatch(sender.channel as BroadcastChannel);
        for (let index = 0; index < count; index += 1) loops.push(pushLoop(sender, rate, repliesDue, count));
      }
    },
    async stop() {
      running = false;
      await Promise.all(loops.splice(0));
    },
    writeWebBatch,
  };
}
