import { Hono, type Context } from "hono";
import { limitBody } from "../security.ts";

/** Telegram updates are a few kilobytes; anything far larger is not Telegram. */
const MAX_UPDATE_BYTES = 1024 * 1024;

/**
 * `POST /telegram/webhook`: Telegram's calls, checked (secret header), stored and
 * answered by the channel's handler (bot/channels/telegram/webhook.ts) — the reply to
 * the person leaves later through the outbox, never inside Telegram's timeout.
 */
export function telegramWebhookRoutes(handler: (c: Context) => Promise<Response>) {
  return new Hono().post(
    "/telegram/webhook",
    limitBody({ maxSize: MAX_UPDATE_BYTES, onError: (c) => c.json({ error: { code: "payload_too_large", message: "not a Telegram update" } }, 413) }),
    (c) => handler(c),
  );
}
