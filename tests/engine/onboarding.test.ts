import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lang } from "../../bot/core/types.ts";
import { channelIdentities, contacts, messages } from "../../db/schema/index.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

const cases: { lang: Lang; languageAnswer: string; menuWord: string; name: string }[] = [
  { lang: "fr", languageAnswer: "1", menuWord: "menu", name: "Salma" },
  { lang: "ar", languageAnswer: "العربية", menuWord: "القائمة", name: "اسمي سارة" },
  { lang: "ary", languageAnswer: "darija", menuWord: "lmenu", name: "smiti Youssef" },
];

describe.each(cases)("onboarding in $lang", ({ lang, languageAnswer, menuWord, name }) => {
  it("goes from the first message to the main menu, keeping the name only after consent", async () => {
    const user = uniqueUser(lang);
    const chat = chatAs(runtime.engine, user);
    const welcome = await chat.start();
    expect(lastChoices(welcome)).toEqual(["lang:fr", "lang:ar", "lang:ary"]);

    const notice = await chat.text(languageAnswer);
    expect(lastChoices(notice)).toEqual(["consent:yes", "consent:no", "consent:more"]);
    expect(texts(notice)).toContain("09-08");

    const askName = await chat.choose("consent:yes");
    expect(lastChoices(askName)).toEqual(["name:skip"]);

    const menu = await chat.text(name);
    expect(lastChoices(menu)).toEqual(["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"]);
    const expectedName = name.split(" ").at(-1) ?? name;
    expect(texts(menu)).toContain(expectedName);

    // This person's row (other test files share the database, and their people may have the same first name).
    const [contact] = await runtime.database.db
      .select({ firstName: contacts.firstName, language: contacts.language, consentVersion: contacts.consentVersion })
      .from(contacts)
      .innerJoin(channelIdentities, eq(channelIdentities.contactId, contacts.id))
      .where(eq(channelIdentities.externalId, user));
    expect(contact?.firstName).toBe(expectedName);
    expect(contact?.language).toBe(lang);
    expect(contact?.consentVersion).toBe(runtime.config.CONSENT_VERSION);

    const again = await chat.text(menuWord);
    expect(lastChoices(again)).toEqual(["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"]);
  });
});

describe("consent", () => {
  it("keeps nothing typed before consent, and offers what still works when refused", async () => {
    const user = uniqueUser("refuse");
    const chat = chatAs(runtime.engine, user);
    const first = await runtime.engine.receive({ channel: "cli", externalUserId: user, content: { kind: "text", text: "salam, ana Karim 0612345678" } });
    expect(first.replies.length).toBeGreaterThan(0);
    await chat.choose("lang:fr");
    const refused = await chat.choose("consent:no");
    expect(texts(refused)).toMatch(/ne garde rien/);
    expect(lastChoices(refused)).toEqual(["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "consent:ask", "cmd:language", "cmd:help"]);

    const stored = await runtime.database.db
      .select({ kind: messages.kind, content: messages.content })
      .from(messages)
      .where(and(eq(messages.conversationId, first.conversationId), eq(messages.direction, "inbound")))
      .orderBy(asc(messages.id));
    expect(stored.map((row) => row.kind)).toEqual(["text", "choice", "choice"]);
    expect(stored[0]?.content).toBeNull();
    expect(JSON.stringify(stored)).not.toContain("0612345678");
  });
});
