import type { Db } from "../../../db/client.ts";
import { pauseBucket, takeOrCreateToken, takeToken } from "../../../db/rate-buckets.ts";
import { closeWindow, readCloudRecipient, recordTemplateSend, setMarketingPreference } from "../../../db/whatsapp-cloud.ts";
import type { Clock } from "../../../lib/clock.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { ChannelRate } from "../../broadcast/limits.ts";
import { windowFrom } from "../../conversation/message-window.ts";
import { DeliveryError, type ChannelSender } from "../../core/outbox.ts";
import { isLang, type Lang, type Outbound, type WindowNotice } from "../../core/types.ts";
import type { Translator } from "../../i18n.ts";
import { GraphError, type GraphClient } from "./graph-client.ts";
import { CLOUD_ERRORS } from "./limits.ts";
import { render, type CloudMessage } from "./render.ts";
import { templateMessage, templateNameFor, type CloudTemplateMessage, type TemplateSet } from "./templates.ts";

/** Meta gives no retry-after for 130429: the whole number waits this long. */
export const THROUGHPUT_PAUSE_MS = 2_000;
/** Waits shorter than this happen inline; longer ones hand the message back to the outbox. */
const INLINE_WAIT_MS = 1_500;

export interface CloudSenderDeps {
  db: Db;
  graph: GraphClient;
  templates: TemplateSet;
  translator: Translator;
  clock: Clock;
  log: Logger;
  phoneNumberId: string;
  /** The phone number's messages per second, shared by every process (and the announcement worker). */
  rate: ChannelRate;
  /** Meta's pair limit: one message per `intervalMs` to one person, `burst` at once. */
  pair: { intervalMs: number; burst: number };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function cloudRateKey(phoneNumberId: string): string {
  return `send:whatsapp:${phoneNumberId}`;
}

export function pairKeyPrefix(phoneNumberId: string): string {
  return `pair:whatsapp:${phoneNumberId}:`;
}

/**
 * The outbox's (and the announcement worker's) view of the Cloud API. Inside the
 * person's 24-hour window (bot/conversation/message-window.ts) a message goes free-form,
 * shaped to Meta's limits; outside it, a message with a notice goes as its approved
 * template, an advisor's reply sends the «your advisor answered» template and waits for
 * the person to write, anything else just waits. Every send takes a token from the phone
 * number's bucket and the person's pair bucket in PostgreSQL; Meta's errors say what
 * happens next (see limits.ts).
 */
export function createCloudSender(deps: CloudSenderDeps): ChannelSender {
  const rateKey = cloudRateKey(deps.phoneNumberId);
  const pairRate = deps.pair.intervalMs > 0 ? { perSecond: 1000 / deps.pair.intervalMs, burst: deps.pair.burst } : null;

  async function waitForToken(key: string, rate: ChannelRate, what: string) {
    for (;;) {
      const token = await takeToken(deps.db, key, rate);
      if (token.granted) return;
      if (token.waitMs > INLINE_WAIT_MS) throw new DeliveryError(`${what}: waiting ${token.waitMs} ms`, { retryAfterMs: token.waitMs, throttled: true });
      await sleep(token.waitMs);
    }
  }

  /** The pair bucket in one statement (most people have none yet: it is created full). */
  async function waitForPairToken(key: string, rate: ChannelRate) {
    for (;;) {
      const token = await takeOrCreateToken(deps.db, key, rate);
      if (token.granted) return;
      if (token.waitMs > INLINE_WAIT_MS) throw new DeliveryError(`this person's pair limit: waiting ${token.waitMs} ms`, { retryAfterMs: token.waitMs, throttled: true });
      await sleep(token.waitMs);
    }
  }

  /**
   * `paced`: an announcement, whose token the worker took. It is one message to each
   * person, so it skips the pair bucket (kept for the bursts of a conversation); a 131056
   * would still be waited out.
   */
  async function post(address: string, message: CloudMessage | CloudTemplateMessage, paced: boolean): Promise<string> {
    if (!paced) await waitForToken(rateKey, deps.rate, "the phone number's rate");
    if (pairRate && !paced) await waitForPairToken(`${pairKeyPrefix(deps.phoneNumberId)}${address}`, pairRate);
    return (await deps.graph.sendMessage(address, message)).wamid;
  }

  async function sendTemplate(address: string, notice: WindowNotice, lang: Lang, message: Outbound, paced: boolean): Promise<string> {
    const choices = message.kind === "choices" ? message.choices : [];
    const wamid = await post(address, templateMessage(deps.templates, notice, lang, choices), paced);
    await recordTemplateSend(deps.db, address, templateNameFor(deps.templates[notice.template], lang), wamid, deps.clock.now());
    return wamid;
  }

  /** Outside the window: the notice's template, or the «advisor answered» one and wait, or just wait. */
  async function outsideWindow(address: string, message: Outbound, lang: Lang, firstName: string, paced: boolean) {
    const notice = "notice" in message ? message.notice : undefined;
    if (notice) return { channelMessageId: await sendTemplate(address, notice, lang, message, paced) };
    if (message.kind === "advisor") {
      const answered: WindowNotice = { template: "advisor_replied", values: { advisor: message.sender, name: firstName } };
      return { channelMessageId: await sendTemplate(address, answered, lang, message, paced), held: true };
    }
    return { held: true };
  }

  return {
    channel: "whatsapp",
    rateKey,
    // One send takes a few database round trips and an HTTP call: at 80/s, a few at once.
    concurrency: Math.max(1, Math.ceil(deps.rate.perSecond / 8)),
    async send(address, message, options = {}) {
      const recipient = await readCloudRecipient(deps.db, address);
      const lang: Lang = isLang(recipient?.language) ? recipient.language : "fr";
      const paced = options.paced ?? false;
      try {
        if (!windowFrom(recipient?.lastInboundAt ?? null, deps.clock.now()).open) return await outsideWindow(address, message, lang, recipient?.firstName ?? "", paced);
        const rendered = render(message, deps.translator.forLang(lang));
        if (rendered.shortened.length > 0) deps.log.warn({ labels: rendered.shortened }, "WhatsApp labels shortened on a word to fit Meta's limits");
        let first: string | undefined;
        for (const [index, part] of rendered.messages.entries()) {
          try {
            first ??= await post(address, part, paced && index === 0);
          } catch (error) {
            // Meta's word on the window wins over ours: the template instead, once.
            if (!(error instanceof GraphError) || error.code !== CLOUD_ERRORS.reEngagement || index > 0) throw error;
            deps.log.info({ address }, "WhatsApp says the window is closed (131047): the template instead");
            await closeWindow(deps.db, address);
            return await outsideWindow(address, message, lang, recipient?.firstName ?? "", paced);
          }
        }
        return first === undefined ? {} : { channelMessageId: first };
      } catch (error) {
        throw await toDeliveryError(error, address);
      }
    },
  };

  async function toDeliveryError(error: unknown, address: string): Promise<DeliveryError> {
    if (error instanceof DeliveryError) return error;
    if (!(error instanceof GraphError)) return new DeliveryError(String(error));
    const reason = `${error.code ?? error.httpStatus} ${error.message}${error.details ? ` (${error.details})` : ""}`;
    switch (error.code) {
      case CLOUD_ERRORS.throughput:
        deps.log.warn({ code: error.code }, "WhatsApp throughput limit hit: the number pauses");
        await pauseBucket(deps.db, rateKey, THROUGHPUT_PAUSE_MS);
        return new DeliveryError(reason, { retryAfterMs: THROUGHPUT_PAUSE_MS, throttled: true });
      case CLOUD_ERRORS.pairRate: {
        const waitMs = Math.max(deps.pair.intervalMs, 1_000);
        await pauseBucket(deps.db, `${pairKeyPrefix(deps.phoneNumberId)}${address}`, waitMs);
        return new DeliveryError(reason, { retryAfterMs: waitMs, throttled: true });
      }
      case CLOUD_ERRORS.marketingStopped:
        await setMarketingPreference(deps.db, address, true, deps.clock.now());
        return new DeliveryError(`marketing stopped by the person: ${reason}`, { permanent: true });
      case CLOUD_ERRORS.undeliverable:
      case CLOUD_ERRORS.unsupportedType:
      case CLOUD_ERRORS.ecosystemLimit:
        return new DeliveryError(reason, { permanent: true });
      case CLOUD_ERRORS.authentication:
        deps.log.error({ err: error.message }, "Meta refused the access token: check WHATSAPP_CLOUD_ACCESS_TOKEN");
        return new DeliveryError(reason);
      default:
        if (error.httpStatus === 401) deps.log.error({ err: error.message }, "Meta refused the access token: check WHATSAPP_CLOUD_ACCESS_TOKEN");
        if (error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 401 && error.httpStatus !== 429) return new DeliveryError(reason, { permanent: true });
        return new DeliveryError(reason);
    }
  }
}
