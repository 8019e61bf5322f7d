import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundContent, Lang, Outbound } from "../../bot/core/types.ts";
import { channelIdentities, conversations, messages } from "../../db/schema/index.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

const MENU = ["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"];

/** A distinctive word of each reply in each locale: the reply must be in the person's language. */
interface Words {
  empty: string;
  tooLong: string;
  notUnderstood: string;
  stale: string;
  sticker: string;
  voice: string;
  menu: string;
  error: string;
}

const cases: { lang: Lang; words: Words }[] = [
  {
    lang: "fr",
    words: {
      empty: "vide",
      tooLong: "très long",
      notUnderstood: "pas bien compris",
      stale: "plus actif",
      sticker: "sticker",
      voice: "vocaux",
      menu: "que voulez-vous faire",
      error: "problème technique",
    },
  },
  {
    lang: "ar",
    words: {
      empty: "فارغة",
      tooLong: "طويلة جدًا",
      notUnderstood: "لم أفهم",
      stale: "لم يعد صالحًا",
      sticker: "ملصق",
      voice: "الرسائل الصوتية",
      menu: "بماذا يمكنني مساعدتك",
      error: "خلل تقني",
    },
  },
  {
    lang: "ary",
    words: {
      empty: "خاوي",
      tooLong: "طويل بزاف",
      notUnderstood: "ما فهمتش",
      stale: "ما بقاش كيخدم",
      sticker: "ستيكر",
      voice: "الأوديوات",
      menu: "شنو نديرو دابا",
      error: "مشكل تقني",
    },
  },
];

/** Onboards a new person in `lang` (with consent, without a name) up to the main menu. */
async function onboarded(lang: Lang) {
  const user = uniqueUser(`bad-${lang}`);
  const chat = chatAs(runtime.engine, user);
  await chat.start();
  await chat.choose(`lang:${lang}`);
  await chat.choose("consent:yes");
  const menu = await chat.choose("name:skip");
  expect(lastChoices(menu)).toEqual(MENU);
  return { user, chat };
}

async function conversationOf(user: string): Promise<string> {
  const [row] = await runtime.database.db
    .select({ id: conversations.id })
    .from(channelIdentities)
    .innerJoin(conversations, eq(conversations.identityId, channelIdentities.id))
    .where(and(eq(channelIdentities.channel, "cli"), eq(channelIdentities.externalId, user)));
  if (!row) throw new Error(`no conversation for ${user}`);
  return row.id;
}

describe.each(cases)("bad input in $lang", ({ lang, words }) => {
  const inputs: { name: string; content: InboundContent; word: keyof Words }[] = [
    { name: "an empty text", content: { kind: "text", text: "" }, word: "empty" },
    { name: "whitespace only", content: { kind: "text", text: "  \n\t  \u200b " }, word: "empty" },
    { name: "a 10,000-character message", content: { kind: "text", text: "a".repeat(10_000) }, word: "tooLong" },
    { name: "emoji only", content: { kind: "text", text: "🙂🙂" }, word: "notUnderstood" },
    { name: "control characters around a command", content: { kind: "text", text: "\u0000\u0007menu\u202e" }, word: "menu" },
    { name: "an unknown choice id", content: { kind: "choice", choiceId: "nope:never-offered" }, word: "stale" },
    { name: "a stale choice id from an earlier question", content: { kind: "choice", choiceId: "consent:no" }, word: "stale" },
    { name: "a sticker", content: { kind: "media", media: "sticker" }, word: "sticker" },
    { name: "a voice note", content: { kind: "media", media: "voice" }, word: "voice" },
  ];

  it.each(inputs)("answers $name in the person's language, and «menu» still works afterwards", async ({ content, word }) => {
    const { chat } = await onboarded(lang);
    const replies: Outbound[] = await chat.send(content);
    expect(replies.length).toBeGreaterThan(0);
    const said = texts(replies).toLowerCase();
    expect(said).toContain(words[word]);
    expect(said).not.toContain(words.error);
    // The question is asked again: the person is never left without buttons.
    expect(lastChoices(replies)).toEqual(MENU);

    const menu = await chat.text("menu");
    expect(lastChoices(menu)).toEqual(MENU);
    expect(texts(menu).toLowerCase()).toContain(words.menu);
  });

  it("keeps a 10,000-character message in full once the person has consented", async () => {
    const { user, chat } = await onboarded(lang);
    const long = `${"3andi fikra dyal mochroo3 ".repeat(400).slice(0, 9_990)}FIN-MARKER`;
    expect(long).toHaveLength(10_000);
    await chat.text(long);
    const conversationId = await conversationOf(user);
    const stored = await runtime.database.db
      .select({ content: messages.content, status: messages.status })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound"), eq(messages.kind, "text")));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.status).toBe("processed");
    expect(stored[0]?.content).toEqual({ kind: "text", text: long });
  });

  it("keeps a message holding control characters, dropping only the NUL PostgreSQL cannot store", async () => {
    const { user, chat } = await onboarded(lang);
    await chat.text("\u0000\u0007menu\u202e");
    await chat.choose("\u0000cmd:menu");
    const conversationId = await conversationOf(user);
    const stored = await runtime.database.db
      .select({ kind: messages.kind, content: messages.content })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound"), eq(messages.status, "processed")));
    expect(stored.map((row) => row.content)).toContainEqual({ kind: "text", text: "\u0007menu\u202e" });
    expect(stored.map((row) => row.content)).toContainEqual({ kind: "choice", choiceId: "cmd:menu" });
  });

  it("survives every bad input in a row in one conversation", async () => {
    const { user, chat } = await onboarded(lang);
    for (const { content } of inputs) {
      const replies = await chat.send(content);
      expect(replies.length).toBeGreaterThan(0);
      expect(texts(replies).toLowerCase()).not.toContain(words.error);
    }
    const menu = await chat.text("menu");
    expect(lastChoices(menu)).toEqual(MENU);
    // Every message was handled: none is left pending or set aside as failed.
    const conversationId = await conversationOf(user);
    const unhandled = await runtime.database.db
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound")));
    expect(unhandled.filter((row) => row.status !== "processed")).toEqual([]);
    expect(unhandled).toHaveLength(4 + inputs.length + 1);
  });
});
