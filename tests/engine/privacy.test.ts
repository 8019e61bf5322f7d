import { and, asc, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, channelIdentities, contacts, conversations, messages } from "../../db/schema/index.ts";
import { chatAs, lastChoices, texts } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

const MENU = ["cmd:eligibility", "cmd:programs", "cmd:project", "cmd:book", "cmd:appointments", "cmd:human", "cmd:mydata", "cmd:language", "cmd:help"];

/** A French speaker who consented and gave their first name; the clock says 2 March 2026. */
async function onboardedAs(firstName: string) {
  const user = uniqueUser("privacy");
  const chat = chatAs(runtime.engine, user);
  await chat.start();
  await chat.choose("lang:fr");
  await chat.choose("consent:yes");
  const menu = await chat.text(firstName);
  expect(lastChoices(menu)).toEqual(MENU);
  return { user, chat };
}

async function identityOf(user: string) {
  const [row] = await runtime.database.db
    .select({ identityId: channelIdentities.id, contactId: channelIdentities.contactId })
    .from(channelIdentities)
    .where(and(eq(channelIdentities.channel, "cli"), eq(channelIdentities.externalId, user)));
  if (!row) throw new Error(`no identity for ${user}`);
  return row;
}

async function contactRow(contactId: string) {
  const [row] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, contactId));
  if (!row) throw new Error(`no contact ${contactId}`);
  return row;
}

async function messagesOfContact(contactId: string) {
  const ids = (await runtime.database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, contactId))).map(
    (row) => row.id,
  );
  if (ids.length === 0) return [];
  return runtime.database.db
    .select({ direction: messages.direction, kind: messages.kind, content: messages.content })
    .from(messages)
    .where(inArray(messages.conversationId, ids))
    .orderBy(asc(messages.id));
}

async function countContacts(): Promise<number> {
  const [row] = await runtime.database.db.select({ n: count() }).from(contacts);
  return row?.n ?? 0;
}

describe("my data", () => {
  it("lists the first name, the consent date and the notice version", async () => {
    const { chat } = await onboardedAs("Salma");
    const data = await chat.text("mes données");
    const said = texts(data);
    expect(said).toMatch(/Prénom\s:\sSalma/);
    expect(said).toContain("2 mars 2026");
    expect(said).toContain(runtime.config.CONSENT_VERSION);
    expect(said).toMatch(/Annonces\s:\sactivées/);
    expect(lastChoices(data)).toEqual(["privacy:rename", "cmd:stop", "cmd:delete", "cmd:withdraw", "cmd:menu"]);
  });

  it("answers in Arabic when typed in Arabic by an Arabic speaker", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("privacy-ar"));
    await chat.start();
    await chat.choose("lang:ar");
    await chat.choose("consent:yes");
    await chat.text("اسمي سارة");
    const data = await chat.text("بياناتي");
    expect(texts(data)).toContain("الاسم الشخصي: سارة");
    expect(texts(data)).toContain("2 مارس 2026");
  });

  it("says nothing is kept when the person refused consent", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("privacy-refused"));
    await chat.start();
    await chat.choose("lang:fr");
    await chat.choose("consent:no");
    const data = await chat.text("mes données");
    expect(texts(data)).toContain("Je ne garde aucune donnée personnelle");
    expect(texts(data)).not.toContain("Prénom");
  });
});

describe("stop", () => {
  it("turns announcements off, offers to resume them, and resuming turns them back on", async () => {
    const { user, chat } = await onboardedAs("Karim");
    const { contactId } = await identityOf(user);
    expect((await contactRow(contactId)).optedOut).toBe(false);

    const stopped = await chat.text("stop");
    expect(texts(stopped)).toContain("vous ne recevrez plus d'annonces");
    expect(lastChoices(stopped)).toEqual(["privacy:resume", "cmd:menu"]);
    const off = await contactRow(contactId);
    expect(off.optedOut).toBe(true);
    expect(off.optedOutAt).toEqual(runtime.clock.now());

    const data = await chat.text("mes données");
    expect(texts(data)).toMatch(/Annonces\s:\sarrêtées/);
    expect(lastChoices(data)).toContain("privacy:resume");

    const resumed = await chat.choose("privacy:resume");
    expect(texts(resumed)).toContain("Les annonces sont réactivées");
    expect(lastChoices(resumed)).toEqual(MENU);
    const on = await contactRow(contactId);
    expect(on.optedOut).toBe(false);
    expect(on.optedOutAt).toBeNull();
    // Stopping announcements is not leaving: the person's data is untouched.
    expect(on.firstName).toBe("Karim");
    expect(on.consentedAt).not.toBeNull();
  });

  it("works in Darija typed in Latin letters", async () => {
    const chat = chatAs(runtime.engine, uniqueUser("privacy-ary"));
    await chat.start();
    await chat.choose("lang:ary");
    await chat.choose("consent:yes");
    await chat.choose("name:skip");
    const stopped = await chat.text("7bes");
    expect(texts(stopped)).toContain("ما بقاوش يجيوك الإعلانات");
  });
});

describe("delete my data", () => {
  it("asks for confirmation first, and answering no keeps everything", async () => {
    const { user, chat } = await onboardedAs("Nadia");
    const { contactId } = await identityOf(user);
    const before = await messagesOfContact(contactId);

    const confirm = await chat.text("supprimer mes données");
    expect(texts(confirm)).toContain("Voulez-vous vraiment supprimer vos données");
    expect(lastChoices(confirm)).toEqual(["privacy:delete-yes", "privacy:delete-no"]);
    // Asking is not erasing.
    expect((await contactRow(contactId)).erasedAt).toBeNull();

    const kept = await chat.choose("privacy:delete-no");
    expect(texts(kept)).toContain("Rien n'a été supprimé");
    expect(lastChoices(kept)).toEqual(MENU);

    const contact = await contactRow(contactId);
    expect(contact).toMatchObject({ firstName: "Nadia", language: "fr", erasedAt: null, consentVersion: runtime.config.CONSENT_VERSION });
    expect(contact.consentedAt).not.toBeNull();
    expect((await identityOf(user)).contactId).toBe(contactId);
    const after = await messagesOfContact(contactId);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.filter((row) => row.content === null)).toEqual([]);
    expect(JSON.stringify(after)).toContain("Nadia");
  });

  it("erases the person on yes, keeps anonymous counts, and starts again from the language and the notice", async () => {
    const { user, chat } = await onboardedAs("Youssef");
    const { contactId: oldContactId, identityId } = await identityOf(user);
    const contactsBefore = await countContacts();

    await chat.text("supprimer mes données");
    const done = await chat.choose("privacy:delete-yes");
    expect(texts(done)).toContain("vos données personnelles sont effacées");

    // The old row stays, without anything personal.
    const old = await contactRow(oldContactId);
    expect(old.erasedAt).toEqual(runtime.clock.now());
    expect(old).toMatchObject({ firstName: null, language: null, phone: null, consentVersion: null, consentedAt: null, profile: {} });

    // Every message of that person, both ways, lost its content; the rows remain for counts.
    const oldMessages = await messagesOfContact(oldContactId);
    expect(oldMessages.length).toBeGreaterThanOrEqual(8);
    expect(oldMessages.filter((row) => row.content !== null)).toEqual([]);
    const oldConversations = await runtime.database.db.select().from(conversations).where(eq(conversations.contactId, oldContactId));
    expect(oldConversations.map((row) => [row.status, row.identityId])).toEqual([["closed", null]]);

    // The channel address now belongs to a fresh, empty contact.
    const now = await identityOf(user);
    expect(now.identityId).toBe(identityId);
    expect(now.contactId).not.toBe(oldContactId);
    const fresh = await contactRow(now.contactId);
    expect(fresh).toMatchObject({ firstName: null, language: null, consentedAt: null, erasedAt: null });

    expect(await countContacts()).toBeGreaterThanOrEqual(contactsBefore + 1);

    const audit = await runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "contact.erase"), eq(auditLog.subjectId, oldContactId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "contact", subjectType: "contact" });

    // Afresh: a greeting gets the notice in the language it is written in, the other two one tap away.
    const again = await chat.text("salam");
    expect(lastChoices(again)).toEqual(["consent:yes", "consent:no", "consent:more", "lang:fr", "lang:ar"]);
    expect(texts(again)).not.toContain("Youssef");
    // The deletion confirmation and the new welcome went to the new conversation.
    const newConversation = await runtime.database.db.select().from(conversations).where(eq(conversations.contactId, now.contactId));
    expect(newConversation.map((row) => row.status)).toEqual(["bot"]);
  });

  it("does not treat a sentence mentioning deletion as the command", async () => {
    const { user, chat } = await onboardedAs("Amal");
    const replies = await chat.text("je ne veux pas supprimer mes données");
    expect(lastChoices(replies)).not.toContain("privacy:delete-yes");
    expect((await contactRow((await identityOf(user)).contactId)).firstName).toBe("Amal");
  });
});

describe("before consent", () => {
  it("does not keep what the person typed, but keeps button choices", async () => {
    const user = uniqueUser("privacy-before");
    const chat = chatAs(runtime.engine, user);
    await chat.text("salam, ana Karim 0612345678");
    await chat.choose("lang:fr");
    await chat.text("karim@example.com");
    await chat.choose("consent:no");
    await chat.text("je m'appelle Karim, 0698765432");

    const { contactId } = await identityOf(user);
    const inbound = (await messagesOfContact(contactId)).filter((row) => row.direction === "inbound");
    expect(inbound.map((row) => row.kind)).toEqual(["text", "choice", "text", "choice", "text"]);
    expect(inbound.filter((row) => row.kind === "text").map((row) => row.content)).toEqual([null, null, null]);
    expect(inbound.filter((row) => row.kind === "choice").map((row) => row.content)).toEqual([
      { kind: "choice", choiceId: "lang:fr" },
      { kind: "choice", choiceId: "consent:no" },
    ]);
    const contact = await contactRow(contactId);
    expect(contact.firstName).toBeNull();
    expect(contact.phone).toBeNull();
  });

  it("keeps typed text from the moment consent is given", async () => {
    const user = uniqueUser("privacy-after");
    const chat = chatAs(runtime.engine, user);
    await chat.start();
    await chat.choose("lang:fr");
    await chat.text("avant l'accord");
    await chat.choose("consent:yes");
    await chat.text("Leila");

    const { contactId } = await identityOf(user);
    const typed = (await messagesOfContact(contactId)).filter((row) => row.direction === "inbound" && row.kind === "text");
    expect(typed.map((row) => row.content)).toEqual([null, { kind: "text", text: "Leila" }]);
  });
});
