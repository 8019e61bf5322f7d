import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../db/schema/index.ts";
import { keyboardOf, openTelegramHarness, type TelegramHarness, type TelegramMode } from "./harness.ts";

/**
 * A person talking to the real grammY bot through the Bot API stub, in long polling and
 * in webhook mode: every update goes through intake, the engine and the outbox.
 */
describe.each<TelegramMode>(["polling", "webhook"])("Telegram in %s mode", (mode) => {
  let tg: TelegramHarness;
  beforeAll(async () => {
    tg = await openTelegramHarness(mode);
  });
  afterAll(() => tg?.close());

  const fr = () => tg.runtime.translator.forLang("fr");

  it("answers /start with one message whose inline keyboard offers the three languages", async () => {
    const person = tg.person();
    const [welcome] = await person.send("/start", 1);
    expect(welcome?.payload.parse_mode).toBe("HTML");
    expect(keyboardOf(welcome).flat()).toEqual(["lang:fr", "lang:ar", "lang:ary"]);
    expect(welcome?.plainText).toContain(fr()("onboarding:welcome"));
  });

  it("asks for consent when a language button is pressed, answers the press and removes the used keyboard", async () => {
    const person = tg.person();
    const [welcome] = await person.send("/start", 1);
    const press = person.updates.press("lang:fr", welcome!);
    const [consent] = await person.exchange(press, 1);

    expect(consent?.plainText).toBe(fr()("onboarding:consentNotice"));
    expect(keyboardOf(consent).flat()).toEqual(["consent:yes", "consent:no", "consent:more"]);
    const queryId = press.callback_query?.id;
    await tg.stub.waitFor((calls) => calls.some((call) => call.method === "answerCallbackQuery" && call.payload.callback_query_id === queryId));
    const removal = await tg.stub.waitFor((calls) =>
      calls.find((call) => call.method === "editMessageReplyMarkup" && Number(call.payload.chat_id) === person.chatId),
    );
    expect(removal.payload.message_id).toBe(welcome?.messageId);
    expect(removal.payload.reply_markup).toEqual({ inline_keyboard: [] });
  });

  it("understands a typed answer as well as a button", async () => {
    const person = tg.person();
    await person.send("/start", 1);
    const [consent] = await person.send("français", 1);
    expect(consent?.plainText).toBe(fr()("onboarding:consentNotice"));
  });

  it("replies once to an update Telegram delivers twice", async () => {
    const person = tg.person();
    const start = person.updates.text("/start");
    await person.exchange(start, 1);
    if (mode === "polling") tg.stub.pushUpdate(start, { redelivery: true });
    else expect((await tg.stub.deliverWebhook(start)).status).toBe(200);
    // Replies leave in order: once the next message is answered, a duplicate answer would be visible.
    await person.send("français", 1);

    expect(person.sent().map((call) => keyboardOf(call).flat()[0])).toEqual(["lang:fr", "consent:yes"]);
    const stored = await tg.runtime.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.channel, "telegram"), eq(messages.channelMessageId, `msg:${start.message?.chat.id}:${start.message?.message_id}`)));
    expect(stored).toHaveLength(1);
  });

  it("remembers the deep-link payload of /start as the person's entry point", async () => {
    const person = tg.person();
    await person.send("/start minassati", 1);
    expect((await tg.contactOf(person.chatId))?.contact.entryPoint).toBe("minassati");
  });

  it("gives a sticker and a voice note the media replies", async () => {
    const person = tg.person();
    const [welcome] = await person.send("/start", 1);
    await person.press("lang:fr", welcome!, 1);

    const sticker = await person.exchange(person.updates.sticker(), 2);
    expect(sticker[0]?.plainText).toBe(fr()("common:media.sticker"));
    const voice = await person.exchange(person.updates.voice(), 2);
    expect(voice[0]?.plainText).toBe(fr()("common:media.voice"));
  });

  it("takes the person's own shared contact as a contact and links the number; someone else's card is unreadable media", async () => {
    const person = tg.person();
    const [welcome] = await person.send("/start", 1);
    const [consent] = await person.press("lang:fr", welcome!, 1);
    const [, askName] = await person.press("consent:yes", consent!, 2);
    await person.press("name:skip", askName!, 2);

    const own = person.updates.contact("212612345678"); // Telegram sends the number without "+"
    const other = person.updates.contact("+212600000002", person.chatId + 1);
    const [saved] = await person.exchange(own, 2);
    expect(saved?.plainText).toBe(fr()("common:contactSaved"));
    const [unreadable] = await person.exchange(other, 2);
    expect(unreadable?.plainText).toBe(fr()("common:media.other"));

    expect((await tg.contactOf(person.chatId))?.contact.phone).toBe("+212612345678");
    const kindOf = async (update: typeof own) => {
      const [row] = await tg.runtime.database.db
        .select({ kind: messages.kind })
        .from(messages)
        .where(and(eq(messages.channel, "telegram"), eq(messages.channelMessageId, `msg:${update.message?.chat.id}:${update.message?.message_id}`)));
      return row?.kind;
    };
    expect(await kindOf(own)).toBe("contact");
    expect(await kindOf(other)).toBe("media");
  });

  it("answers a shared location by asking for the place's name", async () => {
    const person = tg.person();
    const [welcome] = await person.send("/start", 1);
    await person.press("lang:fr", welcome!, 1);
    const [reply] = await person.exchange(person.updates.location(32.88, -6.91), 2);
    expect(reply?.plainText).toBe(fr()("common:location"));
  });
});
