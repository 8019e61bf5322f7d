import { randomBytes, randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import type { Message, Update } from "grammy/types";
import { telegramWebhookRoutes } from "../../api/telegram/webhook-routes.ts";
import { createTelegramChannel } from "../../bot/channels/telegram/adapter.ts";
import { createIntake } from "../../bot/core/intake.ts";
import { channelIdentities, contacts, conversations } from "../../db/schema/index.ts";
import { loadConfig } from "../../lib/config.ts";
import { createLogger } from "../../lib/logger.ts";
import type { Database } from "../../db/client.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { scopedOutbox } from "../helpers/scoped-outbox.ts";
import { startBotApiStub, type RecordedCall } from "./bot-api-stub.ts";

// Message ids are unique per chat on Telegram; a counter keeps them so across a test run.
let lastMessageId = 0;
const nextMessageId = () => (lastMessageId += 1);

export type TelegramMode = "polling" | "webhook";

/**
 * The real Telegram channel (grammY) against the Bot API stub, on the test database:
 * intake → engine → outbox → sender, as main.ts wires them. The outbox is drained when
 * the engine announces replies and swept every few ms, but only for this harness's own
 * conversations: the run's database is shared with other test files whose Telegram
 * replies are theirs to send (startWorkers would sweep them too).
 */
export async function openTelegramHarness(
  mode: TelegramMode,
  options: {
    secret?: string;
    /** A database of the caller's (who closes it), e.g. one reached through a wire counter. */
    database?: Database;
    /** False: no periodic outbox sweep, so the database sees only what each update costs. */
    sweep?: boolean;
    /** More configuration for the runtime (a language model's, say). */
    env?: Record<string, string>;
  } = {},
) {
  const runtime = await openTestRuntime(options.env ?? {}, options.database ? { database: options.database } : {});
  const token = `${randomInt(100_000, 999_999)}:TEST-${randomBytes(12).toString("hex")}`;
  const stub = await startBotApiStub(token);
  const log = createLogger("silent");

  // The webhook server must be listening before the channel is configured with its URL.
  let route: Hono = new Hono();
  const server = serve({ fetch: (request) => route.fetch(request), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const config = loadConfig({
    LOG_LEVEL: "silent",
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_MODE: mode,
    TELEGRAM_API_ROOT: stub.url,
    PUBLIC_URL: publicUrl,
    ...(options.secret ? { TELEGRAM_WEBHOOK_SECRET: options.secret } : {}),
  });
  const intake = createIntake(runtime.engine, log);
  const channel = createTelegramChannel(config, { intake, log, translator: runtime.translator });
  if (channel.webhookHandler) route = new Hono().route("/", telegramWebhookRoutes(channel.webhookHandler));

  const scoped = scopedOutbox(runtime, channel.sender, log, { sweep: options.sweep ?? true });
  const outbox = scoped.outbox;

  await channel.start();

  /** Delivers an update the way this mode does: queued for getUpdates, or posted to the webhook. */
  async function deliver(update: Update, redelivery = false) {
    if (mode === "polling") {
      stub.pushUpdate(update, { redelivery });
      return;
    }
    const { status } = await stub.deliverWebhook(update);
    if (status !== 200) throw new Error(`the webhook answered ${status}`);
  }

  /** A person in a private chat with the bot, with a chat id no other test uses. */
  function person(languageCode = "fr") {
    const chatId = randomInt(1_000_000_000, 9_000_000_000);
    const from = { id: chatId, is_bot: false, first_name: "Test", language_code: languageCode };
    const chat = { id: chatId, type: "private" as const, first_name: "Test" };
    const message = (fields: Partial<Message>): Update => ({
      update_id: stub.nextUpdateId(),
      message: { message_id: nextMessageId(), date: Math.floor(Date.now() / 1000), chat, from, ...fields } as NonNullable<Update["message"]>,
    });
    const updates = {
      text: (text: string) => message({ text }),
      sticker: () => message({ sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } }),
      voice: () => message({ voice: { file_id: "v", file_unique_id: "v", duration: 3 } }),
      contact: (phone: string, userId: number = chatId) => message({ contact: { phone_number: phone, first_name: "Test", user_id: userId } }),
      location: (latitude: number, longitude: number) => message({ location: { latitude, longitude } }),
      /** Pressing a button under one of the bot's messages (as recorded by the stub). */
      press: (data: string, under: RecordedCall): Update => ({
        update_id: stub.nextUpdateId(),
        callback_query: {
          id: String(randomInt(1, 2 ** 47)),
          from,
          chat_instance: "1",
          data,
          message: { message_id: under.messageId ?? 0, date: Math.floor(Date.now() / 1000), chat, from: { id: 1, is_bot: true, first_name: "Rafiq" }, text: under.plainText ?? "" },
        },
      }),
    };
    /** Sends an update and waits until `replies` more messages reached the chat; returns them. */
    async function exchange(update: Update, replies: number) {
      const before = stub.sentTo(chatId).length;
      await deliver(update);
      return stub.waitFor(() => {
        const sent = stub.sentTo(chatId);
        return sent.length >= before + replies && sent.slice(before);
      });
    }
    return {
      chatId,
      updates,
      exchange,
      send: (text: string, replies: number) => exchange(updates.text(text), replies),
      press: (data: string, under: RecordedCall, replies: number) => exchange(updates.press(data, under), replies),
      sent: () => stub.sentTo(chatId),
    };
  }

  async function contactOf(chatId: number) {
    const [row] = await runtime.database.db
      .select({ contact: contacts, conversationId: conversations.id })
      .from(channelIdentities)
      .innerJoin(contacts, eq(contacts.id, channelIdentities.contactId))
      .innerJoin(conversations, eq(conversations.identityId, channelIdentities.id))
      .where(and(eq(channelIdentities.channel, "telegram"), eq(channelIdentities.externalId, String(chatId))));
    return row ?? null;
  }

  return {
    mode,
    runtime,
    stub,
    channel,
    outbox,
    config,
    deliver,
    person,
    contactOf,
    async close() {
      await channel.stop();
      await scoped.close();
      server.close();
      await stub.close();
      await runtime.close();
    },
  };
}

export type TelegramHarness = Awaited<ReturnType<typeof openTelegramHarness>>;

/** Telegram's inline keyboard of a recorded sendMessage, as rows of button data. */
export function keyboardOf(call: RecordedCall | undefined): string[][] {
  const markup = call?.payload.reply_markup;
  if (!markup || typeof markup !== "object" || !("inline_keyboard" in markup) || !Array.isArray(markup.inline_keyboard)) return [];
  return markup.inline_keyboard.map((row: unknown) =>
    Array.isArray(row) ? row.map((button: { callback_data?: string; url?: string }) => button.callback_data ?? button.url ?? "") : [],
  );
}

/** Polls `check` until it returns a truthy value (the database catches up with a send); fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
