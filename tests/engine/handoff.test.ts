import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../bot/core/types.ts";
import { messages } from "../../db/schema/index.ts";
import { addAdvisorAt, addSite } from "../booking/booking-fixture.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { actorFor, conversationOfUser, eventTypes, outboundOf, personWaitingAt } from "../helpers/console.ts";
import { uniqueUser } from "../helpers/database.ts";
import { tr } from "../helpers/flow-context.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
let siteId: string;
let advisorId: string;
beforeAll(async () => {
  runtime = await openTestRuntime();
  // Monday 2 March 2026, 09:00 UTC: inside the advisors' office hours (09:00–12:30 local).
  siteId = (await addSite(runtime.database.db, { province: "rehamna" })).id;
  advisorId = await addAdvisorAt(runtime.database.db, siteId);
});
afterAll(() => runtime.close());

const MENU = ["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"];
const MINUTE = 60 * 1000;
const STILL_WAITING = "Votre message est gardé pour le conseiller";

const conversationOf = (user: string) => conversationOfUser(runtime.database.db, user);

async function inboundTexts(conversationId: string) {
  const rows = await runtime.database.db
    .select({ content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound"), eq(messages.kind, "text")))
    .orderBy(asc(messages.id));
  return rows.map((row) => (row.content as { text?: string } | null)?.text ?? null);
}

function acknowledgements(replies: Outbound[]): number {
  return replies.filter((reply) => reply.text.includes(STILL_WAITING)).length;
}

describe("talking to a person", () => {
  it("asks for consent first, and only then puts the conversation in the queue", async () => {
    const user = uniqueUser("handoff-consent");
    const chat = chatAs(runtime.engine, user);
    await chat.start(siteId);
    await chat.choose("lang:fr");

    const needsConsent = await chat.text("conseiller");
    expect(texts(needsConsent)).toContain("j'ai besoin de votre accord");
    expect(lastChoices(needsConsent)).toEqual(["consent:yes", "consent:no", "consent:more"]);
    expect(await conversationOf(user)).toMatchObject({ status: "bot", waitingSince: null });

    // Consenting from there leads back to the menu (not to the name question).
    const thanks = await chat.choose("consent:yes");
    expect(lastChoices(thanks)).toEqual(MENU);

    const requested = await chat.choose("cmd:human");
    expect(lastChoices(requested)).toEqual(["cmd:bot"]);
    expect(await conversationOf(user)).toMatchObject({ status: "waiting", siteId });
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

  it("asks which platform when it cannot tell, and queues there saying the team answers now", async () => {
    const user = uniqueUser("handoff-which");
    const chat = chatAs(runtime.engine, user);
    await chat.start();
    await chat.choose("lang:fr");
    await chat.choose("consent:yes");
    await chat.choose("name:skip");
    const question = await chat.text("conseiller");
    expect(texts(question)).toContain("Avec quelle plateforme voulez-vous parler ?");
    const all = lastChoices(question).includes(`handoff:site:${siteId}`) ? question : await chat.choose("handoff:allsites");
    const queued = await chat.choose(`handoff:site:${siteId}`);
    expect(lastChoices(all)).toContain(`handoff:site:${siteId}`);
    expect(texts(queued)).toContain("J'ai transmis votre demande à l'équipe de Site d'essai. Un conseiller vous répondra ici même, dès qu'il est libre.");
    const conversation = await conversationOf(user);
    expect(conversation).toMatchObject({ status: "waiting", siteId, handoffRequestedAt: runtime.clock.now() });
    expect(await eventTypes(runtime.database.db, conversation.id)).toEqual(["handoff_requested"]);
  });

  it("outside office hours says from when an answer can come (Saturday → Monday 09:00), in Darija", async () => {
    runtime.clock.set(new Date("2026-03-07T15:00:00Z"));
    try {
      const { replies } = await personWaitingAt(runtime, siteId, { lang: "ary" });
      expect(texts(replies)).toContain("الجواب يقدر يجيك من نهار الاثنين 9 مارس على 9:00");
    } finally {
      runtime.clock.set(new Date("2026-03-02T09:00:00Z"));
    }
  });

  it("makes the conversation wait, keeps what is written, and acknowledges each message once with the way back under it", async () => {
    const { user, chat } = await personWaitingAt(runtime, siteId);
    const requestedAt = runtime.clock.now();
    const waiting = await conversationOf(user);
    expect(waiting).toMatchObject({ status: "waiting", waitingSince: requestedAt });

    // Three messages in a row within the first minutes: each gets one short «it is with the team».
    for (const [i, line] of ["Bonjour", "J'ai une question sur Minassati", "Je suis à Khouribga"].entries()) {
      if (i > 0) runtime.clock.advance(2 * MINUTE);
      const replies = await chat.text(line);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ kind: "choices", text: tr("fr", "handoff:received") });
      expect(lastChoices(replies)).toEqual(["cmd:bot"]);
    }

    // Past 30 minutes of quiet, the next one gets the full answer again (when the team answers), once.
    runtime.clock.advance(31 * MINUTE);
    const later = await chat.text("Vous êtes là ?");
    expect(acknowledgements(later)).toBe(1);
    expect(lastChoices(later)).toEqual(["cmd:bot"]);
    const right = await chat.text("Merci d'avance");
    expect(right).toHaveLength(1);
    expect(lastChoices(right)).toEqual(["cmd:bot"]);

    expect(await inboundTexts(waiting.id)).toEqual(
      expect.arrayContaining(["Bonjour", "J'ai une question sur Minassati", "Je suis à Khouribga", "Vous êtes là ?", "Merci d'avance"]),
    );
    expect(await conversationOf(user)).toMatchObject({ status: "waiting", waitingSince: requestedAt });
  });

  it("goes back to the assistant with «menu», and the log says the request was cancelled", async () => {
    const { user, chat } = await personWaitingAt(runtime, siteId);
    const back = await chat.text("menu");
    expect(texts(back)).toContain("Votre demande de conseiller est annulée");
    expect(lastChoices(back)).toEqual(MENU);
    const conversation = await conversationOf(user);
    expect(conversation).toMatchObject({ status: "bot", waitingSince: null, assigneeId: null });
    expect(await eventTypes(runtime.database.db, conversation.id)).toEqual(["handoff_requested", "handoff_cancelled"]);
    expect(lastChoices(await chat.text("bonjour"))).toEqual(MENU);
  });

  it("goes back to the assistant with the «Revenir à l'assistant» button, pressed or typed", async () => {
    const { user, chat } = await personWaitingAt(runtime, siteId);
    const pressed = await chat.choose("cmd:bot");
    expect(lastChoices(pressed)).toEqual(MENU);
    expect((await conversationOf(user)).status).toBe("bot");

    // WhatsApp has no buttons: typing the button's label does the same.
    await chat.choose("cmd:human");
    expect((await conversationOf(user)).status).toBe("waiting");
    const typed = await chat.text("revenir a l'assistant");
    expect(lastChoices(typed)).toEqual(MENU);
    expect((await conversationOf(user)).status).toBe("bot");
  });
});

describe("while an advisor holds the conversation", () => {
  it("the bot says nothing, the advisor's words go out signed, and the bot is back with the menu after release", async () => {
    const { user, chat } = await personWaitingAt(runtime, siteId);
    const conversation = await conversationOf(user);
    const advisor = await actorFor(runtime.database.db, advisorId);
    await runtime.conversations.takeOver(advisor, conversation.id);
    const joined = (await outboundOf(runtime.database.db, conversation.id)).at(-1);
    expect(joined?.content).toEqual({ kind: "text", text: "Conseillère, de l'équipe de Site d'essai, prend la conversation et vous répond ici." });

    const before = (await outboundOf(runtime.database.db, conversation.id)).length;
    const sent = [
      await chat.text("Bonjour Madame"),
      await chat.text("menu"),
      await chat.text("conseiller"),
      await chat.choose("cmd:bot"),
      await chat.choose("old:button"),
      await chat.send({ kind: "media", media: "photo" }),
      await chat.text(""),
    ];
    expect(sent.flat()).toEqual([]);
    expect(await outboundOf(runtime.database.db, conversation.id)).toHaveLength(before);
    expect(await inboundTexts(conversation.id)).toEqual(expect.arrayContaining(["Bonjour Madame", "menu", "conseiller"]));

    await runtime.conversations.reply(advisor, conversation.id, { text: "Bonjour ! Quel est votre projet ?", clientMessageId: "r1" });
    const reply = (await outboundOf(runtime.database.db, conversation.id)).at(-1);
    expect(reply).toMatchObject({ author: "advisor", authorStaffId: advisorId, content: { kind: "advisor", text: "Bonjour ! Quel est votre projet ?", sender: "Conseillère" } });

    await runtime.conversations.handBack(advisor, conversation.id, "released");
    const back = (await outboundOf(runtime.database.db, conversation.id)).slice(-2).map((row) => row.content);
    expect(back[0]).toMatchObject({ kind: "text", text: expect.stringContaining("je suis de retour") });
    expect(back[1]).toMatchObject({ kind: "choices" });
    // The menu it showed answers typed numbers: «1» is the first entry.
    expect(lastChoices(await chat.text("bonjour"))).toEqual(MENU);
    expect(await eventTypes(runtime.database.db, conversation.id)).toEqual(["handoff_requested", "taken_over", "advisor_replied", "released"]);
  });

  it("still lets the person stop announcements and erase their data: rights are never on hold", async () => {
    const { user, chat } = await personWaitingAt(runtime, siteId, { lang: "ar" });
    const conversation = await conversationOf(user);
    await runtime.conversations.takeOver(await actorFor(runtime.database.db, advisorId), conversation.id);
    expect(texts(await chat.text("stop"))).toContain(tr("ar", "privacy:stopped"));
    const confirm = await chat.choose("cmd:delete");
    expect(lastChoices(confirm)).toEqual(["privacy:delete-yes", "privacy:delete-no"]);
    await chat.choose("privacy:delete-yes");
    const closed = await conversationOf(user).catch(() => null);
    // Erased: the old conversation is closed (and the log says so); the address has a fresh one.
    expect(closed?.id).not.toBe(conversation.id);
    expect(await eventTypes(runtime.database.db, conversation.id)).toEqual(["handoff_requested", "taken_over", "closed"]);
  });
});
