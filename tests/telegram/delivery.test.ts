import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../db/schema/index.ts";
import { eventually, keyboardOf, openTelegramHarness, type TelegramHarness } from "./harness.ts";

/** Sending to Telegram: its limits, its 429 and 403 answers, and the polling lifecycle. */
describe("the Telegram channel in polling mode", () => {
  let tg: TelegramHarness;
  beforeAll(async () => {
    tg = await openTelegramHarness("polling");
  });
  afterAll(() => tg?.close());

  const toChat = (chatId: number) => (payload: Record<string, unknown>) => Number(payload.chat_id) === chatId;

  const outboundOf = (conversationId: string) =>
    tg.runtime.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")))
      .orderBy(asc(messages.id));

  it("deletes any webhook, registers the command menu in French and Arabic, and polls only for messages and buttons", async () => {
    expect(tg.stub.callsTo("deleteWebhook").length).toBeGreaterThan(0);
    const menus = tg.stub.callsTo("setMyCommands");
    const french = menus.find((call) => call.payload.language_code === undefined);
    const arabic = menus.find((call) => call.payload.language_code === "ar");
    const fr = tg.runtime.translator.forLang("fr");
    const ar = tg.runtime.translator.forLang("ar");
    expect(french?.payload.commands).toEqual([
      { command: "menu", description: fr("telegram:commands.menu") },
      { command: "eligibility", description: fr("telegram:commands.eligibility") },
      { command: "programs", description: fr("telegram:commands.programs") },
      { command: "project", description: fr("telegram:commands.project") },
      { command: "book", description: fr("telegram:commands.book") },
      { command: "appointments", description: fr("telegram:commands.appointments") },
      { command: "help", description: fr("telegram:commands.help") },
      { command: "language", description: fr("telegram:commands.language") },
      { command: "stop", description: fr("telegram:commands.stop") },
      { command: "mydata", description: fr("telegram:commands.mydata") },
      { command: "correct", description: fr("telegram:commands.correct") },
      { command: "withdraw", description: fr("telegram:commands.withdraw") },
      { command: "cndp", description: fr("telegram:commands.cndp") },
      { command: "privacy", description: fr("telegram:commands.privacy") },
    ]);
    expect(arabic?.payload.commands).toContainEqual({ command: "menu", description: ar("telegram:commands.menu") });
    const firstPoll = await tg.stub.waitFor((calls) => calls.find((call) => call.method === "getUpdates"));
    expect(firstPoll.payload.allowed_updates).toEqual(["message", "callback_query"]);
  });

  it("waits for Telegram's retry_after after a 429, then sends the held replies in their order", async () => {
    const person = tg.person();
    const [welcome] = await person.send("/start", 1);
    const [consent] = await person.press("lang:fr", welcome!, 1);
    tg.stub.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }, toChat(person.chatId));
    await tg.deliver(person.updates.press("consent:yes", consent!));

    const refused = await tg.stub.waitFor((calls) => calls.find((call) => call.method === "sendMessage" && !call.ok && toChat(person.chatId)(call.payload)));
    const { conversationId } = (await tg.contactOf(person.chatId))!;
    // While a send is in flight its rows carry the claim's lease; once the 429 is handled, the retry time.
    const retryAt = tg.runtime.clock.now().getTime() + 1_000;
    const held = await eventually(async () => {
      const rows = (await outboundOf(conversationId)).filter((row) => row.status === "pending");
      return rows.length === 2 && rows[0]?.nextAttemptAt?.getTime() === retryAt && rows;
    });
    expect(held[0]?.nextAttemptAt?.getTime()).toBe(retryAt);
    expect(await tg.outbox.drain(conversationId)).toBe(0); // not yet: Telegram asked for one second
    expect(person.sent()).toHaveLength(2);

    tg.runtime.clock.advance(1_000);
    const delivered = await tg.stub.waitFor(() => person.sent().length === 4 && person.sent().slice(2));
    const fr = tg.runtime.translator.forLang("fr");
    expect(delivered.map((call) => call.plainText)).toEqual([fr("onboarding:consentThanks"), fr("onboarding:askName")]);
    expect(refused.payload.text).toBe(delivered[0]?.payload.text);
  });

  it("marks a person who blocked the bot unreachable after a 403, and does not retry", async () => {
    const person = tg.person();
    tg.stub.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" }, toChat(person.chatId));
    await tg.deliver(person.updates.text("/start"));

    const { contact, conversationId } = await eventually(async () => {
      const found = await tg.contactOf(person.chatId);
      return found?.contact.unreachableAt && found;
    });
    expect(contact.unreachableAt).toBeInstanceOf(Date);
    expect((await outboundOf(conversationId)).map((row) => row.status)).toEqual(["failed"]);

    tg.runtime.clock.advance(60 * 60 * 1000);
    await tg.outbox.drain(conversationId);
    const attempts = tg.stub.callsTo("sendMessage").filter((call) => toChat(person.chatId)(call.payload));
    expect(attempts).toHaveLength(1);
  });

  it("splits a text longer than 4096 characters at paragraph boundaries, with the keyboard under the last part", async () => {
    const person = tg.person();
    const paragraph = "Le programme Minassati accompagne les jeunes porteurs de projets de la province de Khouribga. ".repeat(20).trim();
    const text = Array.from({ length: 6 }, (_, index) => `${index + 1}. ${paragraph}`).join("\n\n");
    expect(text.length).toBeGreaterThan(2 * 4096);
    const choices = [{ id: "menu:back", label: "Menu" }];

    const result = await tg.channel.sender.send(String(person.chatId), { kind: "choices", text, choices });

    const parts = person.sent();
    expect(parts.length).toBe(3);
    for (const part of parts) {
      expect(part.plainText?.length).toBeLessThanOrEqual(4096);
      expect(part.plainText).toMatch(/^\d\. Le programme/);
      expect(part.plainText).toMatch(/Khouribga\.$/);
    }
    expect(parts.map((part) => part.plainText).join("\n\n")).toBe(text);
    expect(parts.map((part) => keyboardOf(part).flat())).toEqual([[], [], ["menu:back"]]);
    expect(result.channelMessageId).toBe(String(parts.at(-1)?.messageId));
  });

  it("escapes HTML special characters, so Telegram shows them as typed", async () => {
    const person = tg.person();
    const text = "Budget < 5 000 DH & marge > 20 % : <b>pas du gras</b> &amp; pas une entité";
    await tg.channel.sender.send(String(person.chatId), { kind: "text", text });

    const [sent] = person.sent();
    expect(sent?.payload.parse_mode).toBe("HTML");
    expect(sent?.payload.text).toBe("Budget &lt; 5 000 DH &amp; marge &gt; 20 % : &lt;b&gt;pas du gras&lt;/b&gt; &amp;amp; pas une entité");
    expect(sent?.plainText).toBe(text);
  });

  it("sends a link as a text with a URL button", async () => {
    const person = tg.person();
    await tg.channel.sender.send(String(person.chatId), { kind: "link", text: "Votre fiche projet", url: "https://rafiq.ma/p/1", label: "Ouvrir" });
    expect(keyboardOf(person.sent()[0])).toEqual([["https://rafiq.ma/p/1"]]);
  });
});

describe("stopping the Telegram channel", () => {
  it("stops long polling: it confirms the updates taken in and asks for no more", async () => {
    const tg = await openTelegramHarness("polling");
    try {
      const person = tg.person();
      const start = person.updates.text("/start");
      await person.exchange(start, 1);
      await tg.channel.stop();
      const polls = tg.stub.callsTo("getUpdates").length;
      expect(tg.stub.callsTo("getUpdates").at(-1)?.payload.offset).toBe(start.update_id + 1);

      tg.stub.pushUpdate(person.updates.text("salam"));
      await new Promise((resolve) => setTimeout(resolve, 100)); // a running poller would ask within milliseconds
      expect(tg.stub.callsTo("getUpdates")).toHaveLength(polls);
    } finally {
      await tg.close();
    }
  });
});
