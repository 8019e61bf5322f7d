import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Lang } from "../../bot/core/types.ts";
import { channelIdentities, contacts } from "../../db/schema/index.ts";
import { incoming, uniqueChatId } from "./fake-client.ts";
import { openWhatsApp, type TestRuntime, type WhatsAppHarness } from "./harness.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: TestRuntime;
let wa: WhatsAppHarness;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());
beforeEach(async () => {
  wa = await openWhatsApp(runtime);
});
afterEach(() => wa.close());

const LANGUAGE_LIST = "1. Français\n2. العربية\n3. الدارجة";
const t = (lang: Lang) => wa.runtime.translator.forLang(lang);
const say = (chat: string, body: string) => wa.exchange(incoming(chat, { body }));
const last = (replies: string[]) => replies.at(-1) ?? "";

describe("a WhatsApp conversation", () => {
  it("answers a first message without words with the welcome and the three languages as a numbered list", async () => {
    const chat = uniqueChatId();
    const replies = await say(chat, "👋");
    expect(replies).toHaveLength(1);
    expect(last(replies)).toContain(t("fr")("onboarding:welcome"));
    expect(last(replies).endsWith(`\n\n${LANGUAGE_LIST}`)).toBe(true);
  });

  it("answers a greeting in the language it is written in, the two others still in the numbered list", async () => {
    const chat = uniqueChatId();
    const replies = await say(chat, "salam");
    expect(last(replies)).toContain(t("ary")("onboarding:consentNotice"));
    expect(last(replies).endsWith(`1. ${t("ary")("onboarding:consentYes")}\n2. ${t("ary")("onboarding:consentNo")}\n3. ${t("ary")("onboarding:consentMore")}\n4. Français\n5. العربية`)).toBe(true);
    const french = await say(chat, "4");
    expect(last(french)).toContain(t("fr")("onboarding:consentNotice"));
  });

  it("answers text holding a NUL or half an emoji (lone surrogate), stored cleaned", async () => {
    const chat = uniqueChatId();
    await say(chat, "👋");
    const replies = await say(chat, "1\u0000\ud83d");
    expect(last(replies)).toContain(t("fr")("onboarding:consentNotice"));
  });

  it("takes the language by its number in the list", async () => {
    const chat = uniqueChatId();
    await say(chat, "👋");
    const replies = await say(chat, "2");
    expect(last(replies)).toContain(t("ar")("onboarding:consentNotice"));
    expect(last(replies)).toContain(`1. ${t("ar")("onboarding:consentYes")}\n2. ${t("ar")("onboarding:consentNo")}`);
  });

  it.each(["Darija", "الدارجة"])("takes the language by its label typed as %s", async (typed) => {
    const chat = uniqueChatId();
    await say(chat, "👋");
    const replies = await say(chat, typed);
    expect(last(replies)).toContain(t("ary")("onboarding:consentNotice"));
  });

  it("takes the language from free text that names it, or the one it is written in, and asks again when there are no words", async () => {
    const chat = uniqueChatId();
    await say(chat, "👋");
    const unclear = await say(chat, "🙂🙂");
    expect(unclear.join("\n")).toContain(t("fr")("onboarding:pickOne"));
    expect(last(unclear).endsWith(LANGUAGE_LIST)).toBe(true);
    const replies = await say(chat, "Francais");
    expect(last(replies)).toContain(t("fr")("onboarding:consentNotice"));
    const other = uniqueChatId();
    await say(other, "👋");
    expect(last(await say(other, "je veux un travail"))).toContain(t("fr")("onboarding:consentNotice"));
  });

  const journeys: { lang: Lang; language: string; name: string; expectedName: string }[] = [
    { lang: "fr", language: "1", name: "Je m'appelle Salma", expectedName: "Salma" },
    { lang: "ar", language: "العربية", name: "اسمي سارة", expectedName: "سارة" },
    { lang: "ary", language: "bdarija", name: "smiti Youssef", expectedName: "Youssef" },
  ];

  it.each(journeys)("runs the whole onboarding in $lang, from hello to the main menu", async ({ lang, language, name, expectedName }) => {
    const chat = uniqueChatId();
    const tr = t(lang);
    expect(last(await say(chat, "👋"))).toContain(LANGUAGE_LIST);
    expect(last(await say(chat, language))).toContain(tr("onboarding:consentNotice"));

    const askName = await say(chat, "1"); // "1. I agree"
    expect(askName.join("\n")).toContain(tr("onboarding:consentThanks"));
    expect(last(askName)).toContain(`${tr("onboarding:askName")}\n\n1. ${tr("onboarding:skipName")}`);

    const menu = await say(chat, name);
    expect(menu.join("\n")).toContain(tr("onboarding:niceToMeetYou", { name: expectedName }));
    const entries = ["menu:eligibility", "menu:programs", "menu:project", "menu:book", "menu:appointments", "menu:human", "menu:mydata", "menu:language", "menu:help"].map((key, index) => `${index + 1}. ${tr(key)}`);
    expect(last(menu)).toContain(`${tr("menu:titleNamed", { name: expectedName })}\n\n${entries.join("\n")}`);

    const [identity] = await wa.runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, chat));
    expect(identity?.channel).toBe("whatsapp");
    const [contact] = await wa.runtime.database.db.select().from(contacts).where(eq(contacts.id, identity?.contactId ?? ""));
    expect(contact).toMatchObject({ language: lang, firstName: expectedName, consentVersion: wa.runtime.config.CONSENT_VERSION });
  });

  it("ignores group messages, status updates and the linked phone's own messages: nothing stored, nothing sent", async () => {
    const group = "120363041234567890@g.us";
    const member = uniqueChatId();
    const own = uniqueChatId();
    wa.client.receive(incoming(group, { body: "salam", author: member }));
    wa.client.receive(incoming("status@broadcast", { body: "salam", author: member, isStatus: true }));
    wa.client.receive(incoming(own, { body: "salam", fromMe: true }));
    wa.client.receive(incoming("120363999999999999@newsletter", { body: "salam" }));

    // A person's message after them is answered: the pipeline was running all along.
    const control = uniqueChatId();
    expect(await say(control, "salam")).toHaveLength(1);

    const stored = await wa.runtime.database.db
      .select()
      .from(channelIdentities)
      .where(inArray(channelIdentities.externalId, [group, member, own, "status@broadcast", "120363999999999999@newsletter"]));
    expect(stored).toEqual([]);
    expect(wa.client.sent.map((message) => message.chatId)).toEqual([control]);
  });

  it("answers a message delivered twice only once", async () => {
    const chat = uniqueChatId();
    const message = incoming(chat, { body: "salam" });
    wa.client.receive(message);
    wa.client.receive(message); // at once, while the first is being stored
    await wa.settled(message.id._serialized);
    expect(wa.client.sentTo(chat)).toHaveLength(1);
    expect(await wa.exchange(message)).toEqual([]); // and again, once it was answered
    expect(wa.client.sentTo(chat)).toHaveLength(1);
  });

  it("answers a voice note with the media reply in the person's language", async () => {
    const chat = uniqueChatId();
    await say(chat, "👋");
    await say(chat, "1");
    const replies = await wa.exchange(incoming(chat, { type: "ptt", body: "", duration: "4" }));
    expect(replies[0]).toBe(t("fr")("common:media.voice"));
    expect(last(replies)).toContain(`1. ${t("fr")("onboarding:consentYes")}`);
  });
});
