import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../bot/core/types.ts";
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
const MINUTE = 60 * 1000;
const REQUESTED = "Un conseiller vous répondra ici même";
const STILL_WAITING = "Votre message est gardé pour le conseiller";

async function conversationOf(user: string) {
  const [row] = await runtime.database.db
    .select({ conversation: conversations })
    .from(channelIdentities)
    .innerJoin(conversations, eq(conversations.identityId, channelIdentities.id))
    .where(and(eq(channelIdentities.channel, "cli"), eq(channelIdentities.externalId, user)));
  if (!row) throw new Error(`no conversation for ${user}`);
  return row.conversation;
}

async function inboundTexts(conversationId: string) {
  const rows = await runtime.database.db
    .select({ content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound"), eq(messages.kind, "text")))
    .orderBy(asc(messages.id));
  return rows.map((row) => (row.content as { text?: string } | null)?.text ?? null);
}

async function outboundCount(conversationId: string): Promise<number> {
  const rows = await runtime.database.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound")));
  return rows.length;
}

async function consented() {
  const user = uniqueUser("handoff");
  const chat = chatAs(runtime.engine, user);
  await chat.start();
  await chat.choose("lang:fr");
  await chat.choose("consent:yes");
  await chat.text("Imane");
  return { user, chat };
}

function acknowledgements(replies: Outbound[]): number {
  return replies.filter((reply) => reply.text.includes(STILL_WAITING)).length;
}

describe("talking to a person", () => {
  it("asks for consent first, and only then puts the conversation in the queue", async () => {
    const user = uniqueUser("handoff-consent");
    const chat = chatAs(runtime.engine, user);
    await chat.start();
    await chat.choose("lang:fr");

    const needsConsent = await chat.text("conseiller");
    expect(texts(needsConsent)).toContain("j'ai besoin de votre accord");
    expect(lastChoices(needsConsent)).toEqual(["consent:yes", "consent:no"]);
    expect(await conversationOf(user)).toMatchObject({ status: "bot", waitingSince: null });

    // Consenting from there leads back to the menu (not to the name question).
    const thanks = await chat.choose("consent:yes");
    expect(lastChoices(thanks)).toEqual(MENU);

    const requested = await chat.choose("cmd:human");
    expect(texts(requested)).toContain(REQUESTED);
    expect(await conversationOf(user)).toMatchObject({ status: "waiting" });
  });

  it("does not queue someone who refused consent", async () => {
    const user = uniqueUser("handoff-refused");
    const chat = chatAs(runtime.engine, user);
    await chat.start();
    await chat.choose("lang:ar");
    await chat.choose("consent:no");
    const replies = await chat.text("مستشار");
    expect(texts(replies)).toContain("أحتاج إلى موافقتك");
    expect((await conversationOf(user)).status).toBe("bot");
  });

  it("makes the conversation wait, keeps what is written, and acknowledges at most once per 30 minutes", async () => {
    const { user, chat } = await consented();
    const requestedAt = runtime.clock.now();

    const requested = await chat.text("conseiller");
    expect(texts(requested)).toContain(REQUESTED);
    expect(lastChoices(requested)).toEqual(["cmd:bot"]);
    const waiting = await conversationOf(user);
    expect(waiting.status).toBe("waiting");
    expect(waiting.waitingSince).toEqual(requestedAt);

    // Three messages in a row within the first minutes: at most one acknowledgement.
    let acks = 0;
    for (const [i, line] of ["Bonjour", "J'ai une question sur Minassati", "Je suis à Khouribga"].entries()) {
      if (i > 0) runtime.clock.advance(2 * MINUTE);
      acks += acknowledgements(await chat.text(line));
    }
    expect(acks).toBeLessThanOrEqual(1);

    // Past 30 minutes of quiet, the next message is acknowledged again, once.
    runtime.clock.advance(31 * MINUTE);
    const later = await chat.text("Vous êtes là ?");
    expect(acknowledgements(later)).toBe(1);
    expect(lastChoices(later)).toEqual(["cmd:bot"]);
    const right = await chat.text("Merci d'avance");
    expect(acknowledgements(right)).toBe(0);
    expect(right).toEqual([]);

    // Everything written while waiting is kept for the advisor, and it is still waiting.
    expect(await inboundTexts(waiting.id)).toEqual(
      expect.arrayContaining(["Bonjour", "J'ai une question sur Minassati", "Je suis à Khouribga", "Vous êtes là ?", "Merci d'avance"]),
    );
    expect(await conversationOf(user)).toMatchObject({ status: "waiting", waitingSince: requestedAt });
  });

  it("goes back to the assistant with «menu»", async () => {
    const { user, chat } = await consented();
    await chat.text("conseiller");
    expect((await conversationOf(user)).status).toBe("waiting");

    const back = await chat.text("menu");
    expect(texts(back)).toContain("Votre demande de conseiller est annulée");
    expect(lastChoices(back)).toEqual(MENU);
    expect(await conversationOf(user)).toMatchObject({ status: "bot", waitingSince: null });

    // Back with the bot, free text is answered again.
    const answered = await chat.text("bonjour");
    expect(lastChoices(answered)).toEqual(MENU);
  });

  it("goes back to the assistant with the «Revenir à l'assistant» button, pressed or typed", async () => {
    const { user, chat } = await consented();
    await chat.text("conseiller");
    const pressed = await chat.choose("cmd:bot");
    expect(texts(pressed)).toContain("Votre demande de conseiller est annulée");
    expect(lastChoices(pressed)).toEqual(MENU);
    expect((await conversationOf(user)).status).toBe("bot");

    // WhatsApp has no buttons: typing the button's label does the same.
    await chat.choose("cmd:human");
    expect((await conversationOf(user)).status).toBe("waiting");
    const typed = await chat.text("revenir a l'assistant");
    expect(lastChoices(typed)).toEqual(MENU);
    expect((await conversationOf(user)).status).toBe("bot");
  });

  it("says nothing at all while an advisor holds the conversation", async () => {
    const { user, chat } = await consented();
    await chat.text("conseiller");
    const conversation = await conversationOf(user);
    // The advisor console does not exist yet: take the conversation over in the database.
    await runtime.database.db.update(conversations).set({ status: "advisor" }).where(eq(conversations.id, conversation.id));
    runtime.clock.advance(2 * 60 * MINUTE);
    const outboundBefore = await outboundCount(conversation.id);
    expect(outboundBefore).toBeGreaterThan(0);

    const sent = [
      await chat.text("Bonjour Madame"),
      await chat.text("menu"),
      await chat.text("conseiller"),
      await chat.text("stop"),
      await chat.choose("cmd:bot"),
      await chat.choose("old:button"),
      await chat.send({ kind: "media", media: "photo" }),
      await chat.text(""),
    ];
    expect(sent.flat()).toEqual([]);

    expect(await outboundCount(conversation.id)).toBe(outboundBefore);
    expect(await conversationOf(user)).toMatchObject({ status: "advisor" });
    // The advisor reads what was written.
    expect(await inboundTexts(conversation.id)).toEqual(expect.arrayContaining(["Bonjour Madame", "menu", "conseiller", "stop"]));
  });
});
