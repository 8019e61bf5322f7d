import { Bot } from "grammy";
import type { Context } from "hono";
import type { Config } from "../../../lib/config.ts";
import type { Logger } from "../../../lib/logger.ts";
import type { Intake } from "../../core/intake.ts";
import type { Translator } from "../../i18n.ts";
import type { ChannelAdapter } from "../types.ts";
import { registerBotCommands } from "./commands.ts";
import { intakeMiddleware } from "./intake-middleware.ts";
import { TELEGRAM_CAPABILITIES } from "./render.ts";
import { createTelegramSender } from "./sender.ts";
import { createWebhookHandler, webhookSecret, webhookUrl } from "./webhook.ts";

/** The updates the engine understands; Telegram sends nothing else (no edits, no polls). */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;
/** Long-polling wait per getUpdates call; grammY's client timeout (500 s) stays above it. */
const POLL_TIMEOUT_S = 25;
/** A database hiccup during polling: retry before grammY moves past the update. */
const POLLING_INTAKE_ATTEMPTS = 3;

export type TelegramConfig = Pick<
  Config,
  "TELEGRAM_BOT_TOKEN" | "TELEGRAM_MODE" | "TELEGRAM_API_ROOT" | "TELEGRAM_WEBHOOK_SECRET" | "PUBLIC_URL"
>;

export interface TelegramDeps {
  intake: Intake;
  log: Logger;
  translator: Translator;
}

export type TelegramChannel = ChannelAdapter & {
  bot: Bot;
  /** Mount at POST /telegram/webhook (api/telegram/webhook-routes.ts); null in polling mode. */
  webhookHandler: ((c: Context) => Promise<Response>) | null;
};

/**
 * The Telegram channel: one grammY bot whose only middleware stores each update through
 * intake (the engine answers from the database, through the outbox and `sender`), in
 * long-polling or webhook mode. Nothing here decides what to say.
 */
export function createTelegramChannel(config: TelegramConfig, deps: TelegramDeps): TelegramChannel {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("createTelegramChannel needs TELEGRAM_BOT_TOKEN");
  const webhookMode = config.TELEGRAM_MODE === "webhook";
  if (webhookMode && !config.PUBLIC_URL) throw new Error("TELEGRAM_MODE=webhook needs PUBLIC_URL");
  const log = deps.log.child({ channel: "telegram" });
  const bot = new Bot(token, { client: { apiRoot: config.TELEGRAM_API_ROOT } });

  const cosmetic = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    cosmetic.add(work);
    void work.finally(() => cosmetic.delete(work));
  };

  // Error boundary first (long polling; the webhook handler maps its own errors), then intake.
  bot.catch((error) => {
    log.error(
      { err: error.error, updateId: error.ctx.update.update_id, chatId: error.ctx.chat?.id },
      "a Telegram update could not be stored and is lost; the person will have to write again",
    );
  });
  bot.use(intakeMiddleware({ intake: deps.intake, log, attempts: webhookMode ? 1 : POLLING_INTAKE_ATTEMPTS, track }));

  const secret = webhookSecret(token, config.TELEGRAM_WEBHOOK_SECRET);
  const webhookHandler = webhookMode ? createWebhookHandler(bot, secret, log) : null;
  let polling: Promise<void> | null = null;

  return {
    channel: "telegram",
    capabilities: TELEGRAM_CAPABILITIES,
    sender: createTelegramSender({ token, apiRoot: config.TELEGRAM_API_ROOT }, log),
    bot,
    webhookHandler,

    async start() {
      await bot.init(); // getMe: fails fast on a wrong token or an unreachable API root
      await registerBotCommands(bot.api, deps.translator, log);
      if (webhookMode && config.PUBLIC_URL) {
        const url = webhookUrl(config.PUBLIC_URL);
        if (!url.startsWith("https://")) log.warn({ url }, "Telegram only calls https webhooks (ports 443, 80, 88, 8443)");
        await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
        log.info({ url, bot: bot.botInfo.username }, "Telegram webhook registered");
        return;
      }
      // bot.start() first deletes any webhook (Telegram serves one or the other), then
      // polls for ever: resolve once it is set up, and keep the loop for stop().
      await new Promise<void>((resolve, reject) => {
        polling = bot
          .start({ allowed_updates: [...ALLOWED_UPDATES], timeout: POLL_TIMEOUT_S, onStart: () => resolve() })
          .catch((error: unknown) => {
            log.error({ err: error }, "Telegram long polling stopped");
            reject(error);
          });
      });
      log.info({ bot: bot.botInfo.username }, "Telegram long polling started");
    },

    async stop() {
      if (polling) {
        await bot.stop(); // confirms the last update taken in, so it is not fetched again
        await polling;
        polling = null;
      }
      await Promise.allSettled([...cosmetic]);
    },
  };
}
