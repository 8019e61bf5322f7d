import { Hono } from "hono";
import type { CloudWebhook } from "../../bot/channels/whatsapp-cloud/webhook.ts";
import { limitBody } from "../security.ts";

/** Meta's webhook calls are a few kilobytes; anything far larger is not Meta. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * `GET/POST /whatsapp/webhook`: Meta's handshake and calls, checked (verify token,
 * signature) and stored by the channel's handler (bot/channels/whatsapp-cloud/webhook.ts);
 * the replies leave later through the outbox.
 */
export function whatsappCloudWebhookRoutes(webhook: CloudWebhook) {
  return new Hono()
    .get("/whatsapp/webhook", (c) => webhook.verify(c))
    .post(
      "/whatsapp/webhook",
      limitBody({ maxSize: MAX_WEBHOOK_BYTES, onError: (c) => c.json({ error: { code: "payload_too_large", message: "not a WhatsApp webhook call" } }, 413) }),
      (c) => webhook.receive(c),
    );
}
