import { Api, GrammyError, HttpError } from "grammy";
import type { Logger } from "../../../lib/logger.ts";
import { DeliveryError, type ChannelSender } from "../../core/outbox.ts";
import { render } from "./render.ts";
import { sendFetch } from "./send-fetch.ts";

/**
 * The outbox sends with no transaction open, but the replies it sends are leased to it: a
 * Telegram that hangs must not keep them (and the replies after them) waiting for grammY's
 * default 500 s. Long polling needs the long timeout, so sending gets its own `Api`
 * client (same token and API root) with this one.
 */
export const SEND_TIMEOUT_S = 15;

/**
 * Sends one Outbound as one or more sendMessage calls (long texts are split) and tells
 * the outbox precisely what a failure means. Resolves with the last part's message id.
 */
export function createTelegramSender(client: { token: string; apiRoot: string }, log: Logger): ChannelSender {
  const api = new Api(client.token, { apiRoot: client.apiRoot, timeoutSeconds: SEND_TIMEOUT_S, fetch: sendFetch });
  return {
    channel: "telegram",
    async send(address, message) {
      let lastMessageId: number | undefined;
      for (const part of render(message)) {
        try {
          const sent = await api.sendMessage(
            address,
            part.text,
            {
              parse_mode: "HTML",
              // Small data plans: no link previews unless someone asks for one.
              link_preview_options: { is_disabled: true },
              ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
            },
          );
          lastMessageId = sent.message_id;
        } catch (error) {
          const failure = toDeliveryError(error);
          if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
            log.error({ err: error.description, method: error.method }, "Telegram refused the bot token: check TELEGRAM_BOT_TOKEN");
          }
          throw failure;
        }
      }
      return lastMessageId === undefined ? {} : { channelMessageId: String(lastMessageId) };
    },
  };
}

/**
 * 429 → retry after the delay Telegram asks for; 403 (blocked, deactivated) → never
 * again, the person is unreachable; any other 4xx → this message will never pass;
 * 401/404 mean our token is wrong, not the message: retried like 5xx and network errors.
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code} ${error.description}`;
    const code = error.error_code;
    if (code === 429) {
      const seconds = error.parameters.retry_after;
      return new DeliveryError(reason, typeof seconds === "number" ? { retryAfterMs: seconds * 1000 } : {});
    }
    if (code === 403) return new DeliveryError(reason, { permanent: true, unreachable: true });
    if (code === 401 || code === 404) return new DeliveryError(reason);
    if (code >= 400 && code < 500) return new DeliveryError(reason, { permanent: true });
    return new DeliveryError(reason);
  }
  if (error instanceof HttpError) return new DeliveryError(`network: ${error.message}`);
  return new DeliveryError(String(error));
}
