import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundContent } from "../../bot/core/types.ts";
import { channelIdentities, contacts, flowSessions, messages } from "../../db/schema/index.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

function deliver(user: string, channelMessageId: string, content: InboundContent) {
  return runtime.engine.receive({ channel: "telegram", externalUserId: user, channelMessageId, content });
}

async function rowsOf(conversationId: string) {
  return runtime.database.db
    .select({ id: messages.id, direction: messages.direction, replyToId: messages.replyToId, channelMessageId: messages.channelMessageId })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.id));
}

async function contactOf(user: string) {
  const [row] = await runtime.database.db
    .select({ contact: contacts })
    .from(channelIdentities)
    .innerJoin(contacts, eq(contacts.id, channelIdentities.contactId))
    .where(and(eq(channelIdentities.channel, "telegram"), eq(channelIdentities.externalId, user)));
  if (!row) throw new Error(`no contact for ${user}`);
  return row.contact;
}

async function stepOf(conversationId: string) {
  const [row] = await runtime.database.db
    .select({ flow: flowSessions.flow, step: flowSessions.step })
    .from(flowSessions)
    .where(eq(flowSessions.conversationId, conversationId));
  return row;
}

describe("a message delivered twice", () => {
  it("is stored once, answered once, and the second delivery returns the same replies", async () => {
    const user = uniqueUser("dup");
    const first = await deliver(user, `${user}:1`, { kind: "start" });
    expect(first.duplicate).toBe(false);
    expect(first.replies.length).toBeGreaterThan(0);

    const choice = await deliver(user, `${user}:2`, { kind: "choice", choiceId: "lang:fr" });
    expect(lastChoices(choice.replies.map((reply) => reply.message))).toEqual(["consent:yes", "consent:no", "consent:more"]);
    const again = await deliver(user, `${user}:2`, { kind: "choice", choiceId: "lang:fr" });

    expect(again.duplicate).toBe(true);
    expect(again.inboundId).toBe(choice.inboundId);
    expect(again.conversationId).toBe(choice.conversationId);
    expect(again.replies).toEqual(choice.replies);

    const rows = await rowsOf(choice.conversationId);
    expect(rows.filter((row) => row.direction === "inbound" && row.channelMessageId === `${user}:2`)).toHaveLength(1);
    expect(rows.filter((row) => row.direction === "outbound" && row.replyToId === choice.inboundId)).toHaveLength(choice.replies.length);
    // 2 inbound messages; the replies of each, once.
    expect(rows.filter((row) => row.direction === "inbound")).toHaveLength(2);
    expect(rows.filter((row) => row.direction === "outbound")).toHaveLength(first.replies.length + choice.replies.length);
    // The step did not advance twice: still at the consent question.
    expect(await stepOf(choice.conversationId)).toEqual({ flow: "onboarding", step: "consent" });
  });

  it("does not apply a typed answer twice when both deliveries arrive at once", async () => {
    const user = uniqueUser("dup-race");
    await deliver(user, `${user}:1`, { kind: "start" });
    await deliver(user, `${user}:2`, { kind: "choice", choiceId: "lang:fr" });
    await deliver(user, `${user}:3`, { kind: "choice", choiceId: "consent:yes" });

    const [a, b] = await Promise.all([
      deliver(user, `${user}:4`, { kind: "text", text: "Hajar" }),
      deliver(user, `${user}:4`, { kind: "text", text: "Hajar" }),
    ]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.inboundId).toBe(b.inboundId);
    const original = a.duplicate ? b : a;
    expect(texts(original.replies.map((reply) => reply.message))).toContain("Enchanté, Hajar");

    const rows = await rowsOf(a.conversationId);
    expect(rows.filter((row) => row.direction === "inbound" && row.channelMessageId === `${user}:4`)).toHaveLength(1);
    expect(rows.filter((row) => row.replyToId === a.inboundId)).toHaveLength(original.replies.length);
    expect(await stepOf(a.conversationId)).toEqual({ flow: "menu", step: "main" });
  });

  it("treats the same text under a new message id as a new message", async () => {
    const user = uniqueUser("dup-new");
    await deliver(user, `${user}:1`, { kind: "start" });
    const one = await deliver(user, `${user}:2`, { kind: "text", text: "salam" });
    const two = await deliver(user, `${user}:3`, { kind: "text", text: "salam" });
    expect(two.duplicate).toBe(false);
    expect(two.inboundId).not.toBe(one.inboundId);
    expect(two.replies.length).toBeGreaterThan(0);
    expect(two.replies.map((reply) => reply.id)).not.toEqual(one.replies.map((reply) => reply.id));
  });
});

describe("two people at once", () => {
  it("never see each other's state, name or language", async () => {
    const sara = uniqueUser("iso-a");
    const omar = uniqueUser("iso-b");
    const a = chatAs(runtime.engine, sara, "telegram");
    const b = chatAs(runtime.engine, omar, "telegram");

    // Interleaved, and partly at the same moment.
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.choose("lang:fr"), b.choose("lang:ar")]);
    await a.choose("consent:yes");
    const saraMenu = await a.text("Sara");
    expect(texts(saraMenu)).toContain("Sara, que voulez-vous faire");

    // Omar is still at the consent question, in Arabic, and knows nothing of Sara.
    const omarAgain = await b.text("مرحبا");
    expect(lastChoices(omarAgain)).toEqual(["consent:yes", "consent:no", "consent:more"]);
    expect(texts(omarAgain)).toContain("يرجى الرد بأحد الزرين");
    expect(texts(omarAgain)).not.toContain("Sara");

    const [saraData, omarData] = await Promise.all([a.text("mes données"), b.text("بياناتي")]);
    expect(texts(saraData)).toMatch(/Prénom\s:\sSara/);
    expect(texts(omarData)).toContain("لا أحتفظ بأي بيانات شخصية عنك");
    expect(texts(omarData)).not.toContain("Sara");

    // Without consent, "my data" leads Omar to the menu, where he can still give it.
    expect(lastChoices(omarData)).toEqual(["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "consent:ask", "cmd:language", "cmd:help"]);

    // Sara's consent and name stay on her row; nothing of hers reaches Omar's.
    const [saraRow, omarRow] = [await contactOf(sara), await contactOf(omar)];
    expect(saraRow.id).not.toBe(omarRow.id);
    expect(saraRow).toMatchObject({ firstName: "Sara", language: "fr", consentRefusedAt: null });
    expect(saraRow.consentedAt).not.toBeNull();
    expect(omarRow).toMatchObject({ firstName: null, language: "ar", consentedAt: null, consentRefusedAt: null });

    const [saraMenuAgain, omarMenu] = await Promise.all([a.text("menu"), b.text("القائمة")]);
    expect(lastChoices(saraMenuAgain)).toEqual(["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"]);
    // Omar never answered the consent question: "menu" resumes his onboarding there, in Arabic.
    expect(lastChoices(omarMenu)).toEqual(["consent:yes", "consent:no", "consent:more"]);
    expect(texts(omarMenu)).toContain("القانون 09-08");
    expect(texts(omarMenu)).not.toContain("Sara");
  });
});
