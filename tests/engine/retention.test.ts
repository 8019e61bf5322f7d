import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseInactiveContacts } from "../../db/retention.ts";
import { channelIdentities, contacts, conversations, messages } from "../../db/schema/index.ts";
import { chatAs } from "../helpers/chat.ts";
import { uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";

let runtime: Awaited<ReturnType<typeof openTestRuntime>>;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

async function onboard(user: string, name: string) {
  const chat = chatAs(runtime.engine, user);
  await chat.start();
  await chat.choose("lang:fr");
  await chat.choose("consent:yes");
  const [reply] = await chat.text(name);
  expect(reply?.text).toContain(name);
  const [identity] = await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.externalId, user));
  return identity?.contactId ?? "";
}

describe("retention", () => {
  it("erases people silent for longer than the cutoff and keeps everyone else", async () => {
    const silentId = await onboard(uniqueUser("silent"), "Rachid");
    const activeId = await onboard(uniqueUser("active"), "Imane");
    const longAgo = new Date("2023-01-01T00:00:00Z");
    await runtime.database.db.update(conversations).set({ lastMessageAt: longAgo }).where(eq(conversations.contactId, silentId));
    await runtime.database.db.update(contacts).set({ createdAt: longAgo }).where(eq(contacts.id, silentId));

    const erased = await eraseInactiveContacts(runtime.database.db, new Date("2024-11-01T00:00:00Z"), runtime.clock.now());
    expect(erased).toBeGreaterThanOrEqual(1);

    const [silent] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, silentId));
    expect(silent?.firstName).toBeNull();
    expect(silent?.erasedAt).not.toBeNull();
    expect(await runtime.database.db.select().from(channelIdentities).where(eq(channelIdentities.contactId, silentId))).toHaveLength(0);
    const [conversation] = await runtime.database.db.select().from(conversations).where(eq(conversations.contactId, silentId));
    const contents = await runtime.database.db.select({ content: messages.content }).from(messages).where(eq(messages.conversationId, conversation?.id ?? ""));
    expect(contents.length).toBeGreaterThan(0);
    expect(contents.every((row) => row.content === null)).toBe(true);

    const [active] = await runtime.database.db.select().from(contacts).where(eq(contacts.id, activeId));
    expect(active?.firstName).toBe("Imane");
  });
});
