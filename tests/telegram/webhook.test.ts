import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookSecret } from "../../bot/channels/telegram/webhook.ts";
import { channelIdentities, messages } from "../../db/schema/index.ts";
import { keyboardOf, openTelegramHarness, type TelegramHarness } from "./harness.ts";

// How fast the webhook answers is measured by `npm run test:telegram` (a CI step run on
// its own): timings inside the parallel test suite depend on the machine's load.

describe("the Telegram webhook", () => {
  let tg: TelegramHarness;
  beforeAll(async () => {
    tg = await openTelegramHarness("webhook");
  });
  afterAll(() => tg?.close());

  async function storedFor(chatId: number, updateId: number) {
    const db = tg.runtime.database.db;
    const identities = await db
      .select()
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channel, "telegram"), eq(channelIdentities.externalId, String(chatId))));
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.channel, "telegram"), eq(messages.channelMessageId, `update:${updateId}`)));
    return { identities: identities.length, messages: rows.length };
  }

  it("is registered at PUBLIC_URL/telegram/webhook with a secret and only the updates the bot reads", () => {
    const registered = tg.stub.callsTo("setWebhook").at(-1);
    expect(registered?.payload.url).toBe(`${tg.config.PUBLIC_URL}/telegram/webhook`);
    expect(registered?.payload.secret_token).toBe(webhookSecret(tg.stub.token, undefined));
    expect(registered?.payload.allowed_updates).toEqual(["message", "callback_query"]);
    expect(tg.stub.callsTo("getUpdates")).toHaveLength(0);
  });

  it("refuses a call with a wrong or missing secret with 401 and stores nothing", async () => {
    const person = tg.person();
    const wrong = person.updates.text("/start");
    const missing = person.updates.text("/start");
    expect((await tg.stub.deliverWebhook(wrong, "not-the-secret")).status).toBe(401);
    expect((await tg.stub.deliverWebhook(missing, null)).status).toBe(401);

    expect(await storedFor(person.chatId, wrong.update_id)).toEqual({ identities: 0, messages: 0 });
    expect(await storedFor(person.chatId, missing.update_id)).toEqual({ identities: 0, messages: 0 });
    expect(person.sent()).toHaveLength(0);
  });

  it("refuses a body over 1 MB with 413 whether it states its length or streams it, and stores nothing", async () => {
    const person = tg.person();
    const update = person.updates.text("a".repeat(1024 * 1024));
    // Content-Length stated: refused from the header, before the body is read.
    expect((await tg.stub.deliverWebhook(JSON.stringify(update))).status).toBe(413);
    // No Content-Length (chunked): counted while it streams in.
    const bytes = new TextEncoder().encode(JSON.stringify(update));
    const streamed = await fetch(`${tg.config.PUBLIC_URL}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": webhookSecret(tg.stub.token, undefined) },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < bytes.length; offset += 64 * 1024) controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await storedFor(person.chatId, update.update_id)).toEqual({ identities: 0, messages: 0 });
    // A small update of the same person still goes through.
    expect((await tg.stub.deliverWebhook(person.updates.text("/start"))).status).toBe(200);
  });

  it("answers a call with the right secret with 200, and the reply then reaches Telegram", async () => {
    // The first call opens the pool's database connections: a cost paid once per process, not per update.
    await tg.stub.deliverWebhook(tg.person().updates.text("/start"));
    for (let round = 0; round < 5; round += 1) {
      const person = tg.person();
      const { status } = await tg.stub.deliverWebhook(person.updates.text("/start"));
      expect(status).toBe(200);
      const [welcome] = await tg.stub.waitFor(() => person.sent().length > 0 && person.sent());
      expect(keyboardOf(welcome).flat()).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
    }
  });

  it("answers 400 to a body that is not JSON", async () => {
    const { status } = await tg.stub.deliverWebhook("{not json");
    expect(status).toBe(400);
  });

  it("acknowledges with 200 and drops an update of a shape it cannot read, so Telegram does not re-send it for a day", async () => {
    for (const poison of [{ update_id: "x", message: 5 }, { update_id: 1, message: { chat: null } }, { update_id: 2, callback_query: "nope" }, [1, 2], 42]) {
      expect((await tg.stub.deliverWebhook(JSON.stringify(poison))).status).toBe(200);
    }
    // Still serving.
    const person = tg.person();
    expect((await tg.stub.deliverWebhook(person.updates.text("/start"))).status).toBe(200);
    await tg.stub.waitFor(() => person.sent().length > 0);
  });

  it("stores text holding a NUL or half an emoji (lone surrogate) cleaned, and answers it", async () => {
    const person = tg.person();
    await tg.stub.deliverWebhook(person.updates.text("/start"));
    await tg.stub.waitFor(() => person.sent().length > 0);
    const update = person.updates.text("ab\ud800c\u0000d");
    expect((await tg.stub.deliverWebhook(update)).status).toBe(200);
    await tg.stub.waitFor(() => person.sent().length > 1);
  });

  it("ignores updates it does not serve (a group message) with 200, so Telegram does not re-send them", async () => {
    const person = tg.person();
    const update = person.updates.text("salam");
    const group = { ...update, message: { ...update.message, chat: { id: -100123, type: "group", title: "Cousins" } } };
    expect((await tg.stub.deliverWebhook(group)).status).toBe(200);
    expect(await storedFor(-100123, update.update_id)).toEqual({ identities: 0, messages: 0 });
  });
});

describe("the Telegram webhook secret", () => {
  it("uses TELEGRAM_WEBHOOK_SECRET when it is set", () => {
    expect(webhookSecret("123:abc", "my-secret_1")).toBe("my-secret_1");
  });

  it("is otherwise derived from the token: the same in every process, different for another bot, in Telegram's alphabet", () => {
    const secret = webhookSecret("123:abc", undefined);
    expect(webhookSecret("123:abc", undefined)).toBe(secret);
    expect(webhookSecret("456:def", undefined)).not.toBe(secret);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(secret).not.toContain("abc");
  });

  it("is the configured one when the webhook is registered with TELEGRAM_WEBHOOK_SECRET", async () => {
    const tg = await openTelegramHarness("webhook", { secret: "configured-secret" });
    try {
      expect(tg.stub.webhook?.secret).toBe("configured-secret");
      const person = tg.person();
      expect((await tg.stub.deliverWebhook(person.updates.text("/start"), webhookSecret(tg.stub.token, undefined))).status).toBe(401);
      expect((await tg.stub.deliverWebhook(person.updates.text("/start"), "configured-secret")).status).toBe(200);
    } finally {
      await tg.close();
    }
  });
});
