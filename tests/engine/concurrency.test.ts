import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../bot/core/engine.ts";
import { createTranslator } from "../../bot/i18n.ts";
import type { Database } from "../../db/client.ts";
import { channelIdentities, conversations, messages } from "../../db/schema/index.ts";
import { systemClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";
import { isPglite, openTestDatabase, uniqueUser } from "../helpers/database.ts";

/**
 * Two app processes on one PostgreSQL: each has its own connection pool and engine. One
 * person's messages arrive at both at once, every message twice (a channel re-sending).
 */
const pglite = isPglite();
let first: Database;
let second: Database;
let engines: [Engine, Engine];

beforeAll(async () => {
  if (pglite) return;
  first = await openTestDatabase(8);
  second = await openTestDatabase(8);
  const make = (database: Database) =>
    createEngine({
      db: database.db,
      translator: createTranslator(),
      clock: systemClock,
      log: createLogger("silent"),
      consentVersion: "test",
      flowSessionTtlMs: 86_400_000,
    });
  engines = [make(first), make(second)];
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

describe.skipIf(pglite)("two engine instances on one database", () => {
  it("handle each of one person's concurrent messages once, and never interleave their replies", async () => {
    const user = uniqueUser("race");
    const send = (engine: Engine, id: string, text: string) =>
      engine.receive({ channel: "telegram", externalUserId: user, channelMessageId: id, content: { kind: "text", text } });

    // Onboard first so every later message goes through the full menu path.
    await send(engines[0], `${user}-a`, "/start");
    await send(engines[1], `${user}-b`, "1");
    await engines[0].receive({ channel: "telegram", externalUserId: user, channelMessageId: `${user}-c`, content: { kind: "choice", choiceId: "consent:yes" } });
    await send(engines[1], `${user}-d`, "Nadia");

    const COUNT = 40;
    const words = ["menu", "aide", "mes données", "menu", "langue", "1"];
    const deliveries = Array.from({ length: COUNT }, (_, index) => {
      const id = `${user}-m${index}`;
      const text = words[index % words.length] ?? "menu";
      // Each message is delivered to both processes, in opposite order for odd messages.
      const pair = index % 2 === 0 ? engines : ([engines[1], engines[0]] as const);
      return [send(pair[0], id, text), send(pair[1], id, text)];
    }).flat();
    const results = await Promise.all(deliveries);

    expect(results.filter((result) => result.duplicate)).toHaveLength(COUNT);
    const [identity] = await first.db.select().from(channelIdentities).where(and(eq(channelIdentities.channel, "telegram"), eq(channelIdentities.externalId, user)));
    const [conversation] = await first.db.select().from(conversations).where(eq(conversations.identityId, identity?.id ?? ""));
    expect(conversation?.handledCount).toBe(COUNT + 4);

    const rows = await first.db.select().from(messages).where(eq(messages.conversationId, conversation?.id ?? "")).orderBy(asc(messages.id));
    const inbound = rows.filter((row) => row.direction === "inbound");
    expect(inbound).toHaveLength(COUNT + 4);
    expect(inbound.every((row) => row.status === "processed")).toBe(true);

    // Messages in flight at the same moment have no order between them; what must hold is
    // that each got its replies exactly once, as one contiguous block (never interleaved).
    const answered = rows.filter((row) => row.direction === "outbound").map((row) => row.replyToId ?? 0);
    const blocks = answered.filter((id, index) => id !== answered[index - 1]);
    expect(new Set(blocks).size).toBe(blocks.length);
    expect(new Set(blocks)).toEqual(new Set(inbound.map((row) => row.id)));

    // Both deliveries of one message returned the same replies.
    for (let index = 0; index < results.length; index += 2) {
      expect(results[index]?.replies.map((reply) => reply.id)).toEqual(results[index + 1]?.replies.map((reply) => reply.id));
    }
  });
  it("handle messages accepted in order (as webhooks and polling do) in that order, whichever process runs them", async () => {
    const user = uniqueUser("ordered");
    const accept = (engine: Engine, id: string, text: string) =>
      engine.accept({ channel: "telegram", externalUserId: user, channelMessageId: id, content: { kind: "text", text } });
    const COUNT = 30;
    const accepted = [];
    // A channel adapter accepts updates one after the other, in the order the channel sent them.
    for (let index = 0; index < COUNT; index += 1) accepted.push(await accept(engines[index % 2] ?? engines[0], `${user}-o${index}`, index === 0 ? "/start" : "menu"));
    const conversationId = accepted[0]?.conversationId ?? "";
    // Both processes race to handle them, several times over.
    await Promise.all(Array.from({ length: 10 }, (_, index) => engines[index % 2]?.processConversation(conversationId)));

    const rows = await first.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.id));
    const inboundIds = rows.filter((row) => row.direction === "inbound").map((row) => row.id);
    expect(inboundIds).toEqual(accepted.map((item) => item.inboundId));
    const answered = rows.filter((row) => row.direction === "outbound").map((row) => row.replyToId ?? 0);
    const blocks = answered.filter((id, index) => id !== answered[index - 1]);
    expect(blocks).toEqual(inboundIds);
  });
});
