import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang } from "../../bot/core/types.ts";
import type { RecordedCall } from "./bot-api-stub.ts";
import { keyboardOf, openTelegramHarness, type TelegramHarness, type TelegramMode } from "./harness.ts";

/**
 * The whole onboarding on Telegram — language, consent, first name, main menu — in each
 * language, mixing buttons and typed answers the way people do.
 */
interface Script {
  lang: Lang;
  /** How the person picks the language and answers the consent question. */
  language: "button" | string;
  consent: "button" | string;
  typedName: string;
  name: string;
}

const SCRIPTS: Script[] = [
  { lang: "fr", language: "button", consent: "button", typedName: "Je m'appelle Salma", name: "Salma" },
  { lang: "ar", language: "العربية", consent: "أوافق", typedName: "اسمي سارة", name: "سارة" },
  { lang: "ary", language: "button", consent: "1", typedName: "ana smiti Youssef", name: "Youssef" },
];

describe.each<TelegramMode>(["polling", "webhook"])("onboarding on Telegram in %s mode", (mode) => {
  let tg: TelegramHarness;
  beforeAll(async () => {
    tg = await openTelegramHarness(mode);
  });
  afterAll(() => tg?.close());

  it.each(SCRIPTS)("takes a person from /start to the main menu in $lang", async (script) => {
    const t = tg.runtime.translator.forLang(script.lang);
    const person = tg.person(script.lang === "fr" ? "fr" : "ar");
    const answer = (how: string, choiceId: string, under: RecordedCall, replies: number) =>
      how === "button" ? person.press(choiceId, under, replies) : person.send(how, replies);

    const [welcome] = await person.send("/start", 1);
    const [consent] = await answer(script.language, `lang:${script.lang}`, welcome!, 1);
    expect(consent?.plainText).toBe(t("onboarding:consentNotice"));

    const [thanks, askName] = await answer(script.consent, "consent:yes", consent!, 2);
    expect(thanks?.plainText).toBe(t("onboarding:consentThanks"));
    expect(askName?.plainText).toBe(t("onboarding:askName"));
    expect(keyboardOf(askName).flat()).toEqual(["name:skip"]);

    const [greeting, menu] = await person.send(script.typedName, 2);
    expect(greeting?.plainText).toBe(t("onboarding:niceToMeetYou", { name: script.name }));
    expect(menu?.plainText).toBe(t("menu:titleNamed", { name: script.name }));
    expect(keyboardOf(menu).flat()).toEqual(["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"]);

    const { contact } = (await tg.contactOf(person.chatId))!;
    expect(contact).toMatchObject({ language: script.lang, firstName: script.name });
    expect(contact.consentedAt).toBeInstanceOf(Date);
    expect(person.sent()).toHaveLength(6);
  });
});
