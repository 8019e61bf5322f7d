import { createHash } from "node:crypto";
import { BotError, webhookCallback, type Bot } from "grammy";
import type { Context } from "hono";
import { isDatabaseUnavailable } from "../../../lib/database-errors.ts";
import type { Logger } from "../../../lib/logger.ts";
import { WEBHOOK_PATH } from "./webhook-path.ts";

/**
 * The secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token. Without
 * TELEGRAM_WEBHOOK_SECRET it is derived from the bot token, so every process of one
 * deployment agrees on it without sharing anything else. Hex fits Telegram's alphabet.
 */
export function webhookSecret(token: string, configured: string | undefined): string {
  return configured ?? createHash("sha256").update(`rafiq-webhook:${token}`).digest("hex").slice(0, 64);
}

export function webhookUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
}

/**
 * grammY's webhook callback for Hono (a wrong or missing secret → 401 before the body is
 * read), with the errors mapped: a body that is not JSON → 400; an update we could not
 * store → 500, and Telegram re-sends it later, so nothing is lost.
 */
export function createWebhookHandler(bot: Bot, secretToken: string, log: Logger): (c: Context) => Promise<Response> {
  const callback = webhookCallback(bot, "hono", { secretToken });
  return async (c) => {
    try {
      return await callback(c);
    } catch (error) {
      if (error instanceof SyntaxError) {
        return c.json({ error: { code: "invalid_json", message: "the body is not a JSON Telegram update" } }, 400);
      }
      const cause = error instanceof BotError ? error.error : error;
      const updateId = error instanceof BotError ? error.ctx.update.update_id : undefined;
      if (isDatabaseUnavailable(cause)) {
        log.warn({ err: cause, updateId }, "database unavailable: a Telegram update was not stored; Telegram will re-send it");
        return c.json({ error: { code: "unavailable", message: "not stored; please re-send" } }, 503, { "Retry-After": "2" });
      }
      log.error({ err: cause, updateId }, "a Telegram update could not be stored; Telegram will re-send it");
      return c.json({ error: { code: "internal_error", message: "not stored; please re-send" } }, 500);
    }
  };
}
