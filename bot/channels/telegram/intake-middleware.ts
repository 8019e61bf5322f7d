import type { Context, MiddlewareFn } from "grammy";
import { isDatabaseUnavailable } from "../../../lib/database-errors.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { Intake } from "../../core/intake.ts";
import { decodeUpdate } from "./decode.ts";

const RETRY_DELAY_MS = 500;
/** While the database is away, long polling waits for it, checking this often at most. */
const MAX_UNAVAILABLE_DELAY_MS = 5_000;

/**
 * Decodes each update and hands it to intake, which stores it (and, for a known person
 * whose conversation is free, works out the answer in the same transaction) and returns;
 * the replies leave afterwards through the outbox. `attempts` > 1 retries a failed intake
 * before grammY's long polling moves past the update for good, and long polling waits
 * out a database that is away (the update stays with Telegram until it is stored; the
 * next ones wait behind it, in order); a webhook takes one attempt and answers 503, so
 * that Telegram re-sends the update.
 */
export function intakeMiddleware(deps: {
  intake: Intake;
  log: Logger;
  attempts: number;
  track: (work: Promise<unknown>) => void;
}): MiddlewareFn<Context> {
  return async (ctx) => {
    let inbound: ReturnType<typeof decodeUpdate>;
    try {
      inbound = decodeUpdate(ctx.update);
    } catch (error) {
      // A shape we cannot read will never become readable: acknowledge it (a webhook
      // answers 200) and drop it, or Telegram would re-send it for a day.
      deps.log.warn({ err: error, updateId: safeUpdateId(ctx.update) }, "unreadable Telegram update dropped");
      return;
    }
    if (!inbound) {
      deps.log.debug({ updateId: ctx.update.update_id }, "Telegram update ignored (not a private message or button)");
      return;
    }
    const { duplicate } = await withRetries(() => deps.intake(inbound), deps.attempts, deps.attempts > 1);
    if (duplicate) {
      deps.log.debug({ updateId: ctx.update.update_id }, "Telegram re-sent an update already taken in");
      return;
    }
    if (ctx.callbackQuery) deps.track(retireKeyboard(ctx, deps.log));
  };
}

/**
 * Stops the button's spinner and removes the pressed menu's keyboard, so an old menu
 * cannot be pressed twice. Cosmetic: a failure (message too old, already edited) is
 * logged and changes nothing else. Not awaited by the update, so a webhook answers first.
 */
async function retireKeyboard(ctx: Context, log: Logger): Promise<void> {
  const context = { updateId: ctx.update.update_id, chatId: ctx.chat?.id };
  await Promise.all([
    ctx.answerCallbackQuery().catch((error: unknown) => log.warn({ ...context, err: error }, "could not answer a Telegram button press")),
    ctx
      .editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } })
      .catch((error: unknown) => log.warn({ ...context, err: error }, "could not remove a used Telegram keyboard")),
  ]);
}

async function withRetries<T>(work: () => Promise<T>, attempts: number, waitOutUnavailable: boolean): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const away = waitOutUnavailable && isDatabaseUnavailable(error);
      if (attempt >= attempts && !away) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_DELAY_MS * attempt, MAX_UNAVAILABLE_DELAY_MS)));
    }
  }
}

function safeUpdateId(update: unknown): unknown {
  return typeof update === "object" && update !== null && "update_id" in update ? update.update_id : undefined;
}
