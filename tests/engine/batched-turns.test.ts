import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/core/engine.ts";
import type { Database } from "../../db/client.ts";
import { queryRows } from "../../db/sql.ts";
import { isPglite, openTestDatabase, uniqueUser } from "../helpers/database.ts";
import { openTestRuntime } from "../helpers/runtime.ts";
import { inject } from "vitest";

/**
 * Intake under a backlog hands several conversations to `processConversations`, which
 * handles them in one transaction. What a person sees must not depend on it: each message
 * answered once, in order, as alone; a turn that fails or a conversation held elsewhere
 * must cost the others nothing and lose nothing.
 */
let database: Database;
let engine: Engine;
let runtime: Awaited<ReturnType<typeof openTestRuntime>>;

beforeAll(async () => {
  database = await openTestDatabase(4);
  runtime = await openTestRuntime({}, { database });
  engine = runtime.engine;
});
afterAll(async () => {
  await runtime?.close();
  await database?.close();
});

/** People past onboarding (French, consent given), each with a conversation id. */
async function onboardedPeople(count: number, prefix: string) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const user = uniqueUser(prefix);
      const say = (content: Parameters<Engine["receive"]>[0]["content"]) => engine.receive({ channel: "telegram", externalUserId: user, content });
      await say({ kind: "start" });
      await say({ kind: "choice", choiceId: "lang:fr" });
      await say({ kind: "choice", choiceId: "consent:yes" });
      const last = await say({ kind: "choice", choiceId: "name:skip" });
      return { user, conversationId: last.conversationId };
    }),
  );
}

/** Stores a message without handling it, as intake does under a backlog. */
const accept = (user: string, text: string) => engine.accept({ channel: "telegram", externalUserId: user, content: { kind: "text", text } });

/** Each message's status, the replies it got and which transaction handled it (xmin), in the order asked. */
async function outcomeOf(inboundIds: number[]) {
  const ids = `{${inboundIds.join(",")}}`;
  return queryRows<{ id: string; status: string; tx: string; replies: string }>(
    database.db,
    sql`select m.id::text, m.status::text, m.xmin::text as tx,
          (select count(*) from messages r where r.reply_to_id = m.id and r.direction = 'outbound')::text as replies
        from messages m where m.id = any(${ids}::bigint[]) order by array_position(${ids}::bigint[], m.id)`,
  );
}

describe("turns handled in a batch", () => {
  it("answers each waiting message once, in order, the same as alone, in one transaction for all", async () => {
    const people = await onboardedPeople(4, "batch");
    const accepted = [];
    for (const person of people) {
      accepted.push(await accept(person.user, "menu"));
      accepted.push(await accept(person.user, "aide"));
    }
    await engine.processConversations(people.map((person) => person.conversationId));
    const rows = await outcomeOf(accepted.map((item) => item.inboundId ?? 0));
    expect(rows.map((row) => row.status)).toEqual(Array(8).fill("processed"));
    expect(new Set(rows.map((row) => row.tx)).size).toBe(1);

    // The same two messages handled alone give the same number of replies.
    const [alone] = await onboardedPeople(1, "alone");
    const aloneIds = [(await accept(alone?.user ?? "", "menu")).inboundId ?? 0, (await accept(alone?.user ?? "", "aide")).inboundId ?? 0];
    await engine.processConversation(alone?.conversationId ?? "");
    const expected = (await outcomeOf(aloneIds)).map((row) => row.replies);
    expect(expected.every((count) => Number(count) > 0)).toBe(true);
    for (let index = 0; index < rows.length; index += 2) expect([rows[index]?.replies, rows[index + 1]?.replies]).toEqual(expected);

    // Replies follow their messages' order within each conversation.
    for (const person of people) {
      const order = await queryRows<{ reply_to_id: string }>(
        database.db,
        sql`select reply_to_id::text from messages where conversation_id = ${person.conversationId} and direction = 'outbound' and reply_to_id is not null order by id`,
      );
      const replyTo = order.map((row) => Number(row.reply_to_id));
      expect(replyTo).toEqual([...replyTo].sort((a, b) => a - b));
    }
  });

  it("handles the others when one turn fails, and leaves the failed message for recovery", async () => {
    const people = await onboardedPeople(3, "failing");
    const broken = people[1]?.conversationId ?? "";
    // The database refuses to save that one conversation's state (as a constraint would).
    await database.db.execute(sql.raw(`create or replace function refuse_flow_session() returns trigger language plpgsql as $$
      begin raise exception 'refused for the test'; end $$`));
    await database.db.execute(
      sql.raw(`create trigger refuse_one before insert or update on flow_sessions for each row when (new.conversation_id = '${broken}') execute function refuse_flow_session()`),
    );
    try {
      const accepted = await Promise.all(people.map((person) => accept(person.user, "menu")));
      await engine.processConversations(people.map((person) => person.conversationId));
      const rows = await outcomeOf(accepted.map((item) => item.inboundId ?? 0));
      expect(rows.map((row) => row.status)).toEqual(["processed", "received", "processed"]);
      expect(rows.map((row) => Number(row.replies) > 0)).toEqual([true, false, true]);
    } finally {
      await database.db.execute(sql.raw("drop trigger if exists refuse_one on flow_sessions"));
    }
    // Once the database takes it again, recovery's retry answers it.
    await engine.processConversation(broken);
    const [row] = await queryRows<{ status: string }>(database.db, sql`select status::text from messages where conversation_id = ${broken} and direction = 'inbound' order by id desc limit 1`);
    expect(row?.status).toBe("processed");
  });

  it.skipIf(isPglite())("leaves a conversation another process holds out of the batch, and handles it once it is free", async () => {
    const people = await onboardedPeople(3, "held");
    const held = people[0]?.conversationId ?? "";
    const accepted = await Promise.all(people.map((person) => accept(person.user, "menu")));
    // Another process holds the conversation's lock (a turn of its own, a staff action).
    const other = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
    try {
      let release!: () => void;
      const holding = other.begin(async (tx) => {
        await tx`select id from conversations where id = ${held} for no key update`;
        await new Promise<void>((resolve) => (release = resolve));
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const handling = engine.processConversations(people.map((person) => person.conversationId));
      // The others do not wait for it.
      await expect.poll(async () => (await outcomeOf(accepted.slice(1).map((item) => item.inboundId ?? 0))).map((row) => row.status), { timeout: 5_000 }).toEqual([
        "processed",
        "processed",
      ]);
      expect((await outcomeOf([accepted[0]?.inboundId ?? 0]))[0]?.status).toBe("received");
      release();
      await holding;
      await handling;
      const rows = await outcomeOf(accepted.map((item) => item.inboundId ?? 0));
      expect(rows.map((row) => row.status)).toEqual(["processed", "processed", "processed"]);
      expect(rows.map((row) => Number(row.replies) > 0)).toEqual([true, true, true]);
    } finally {
      await other.end();
    }
  });

  it("stores messages that arrive together in one statement: each person's in their order, a re-sent one once, a newcomer apart", async () => {
    const people = await onboardedPeople(3, "together");
    const [a, b, c] = people.map((person) => person.user);
    const send = (user: string, id: string, text: string) =>
      engine.accept({ channel: "telegram", externalUserId: user, channelMessageId: `${user}-${id}`, content: { kind: "text", text } });
    const newcomer = uniqueUser("newcomer");
    // As webhooks arriving in one burst: a writes twice, b's update comes twice.
    const results = await Promise.all([
      send(a ?? "", "1", "menu"),
      send(b ?? "", "1", "menu"),
      send(a ?? "", "2", "aide"),
      send(b ?? "", "1", "menu"),
      send(c ?? "", "1", "menu"),
      send(newcomer, "1", "salam"),
    ]);
    const [a1, b1, a2, bAgain, c1, fresh] = results;
    expect(bAgain?.inboundId).toBeNull();
    expect(b1?.inboundId).not.toBeNull();
    expect(a2?.inboundId ?? 0).toBeGreaterThan(a1?.inboundId ?? Infinity);
    expect(fresh?.inboundId).not.toBeNull();
    const rows = await outcomeOf([a1, b1, c1].map((item) => item?.inboundId ?? 0));
    // The first of each person's messages went in one statement (one transaction).
    expect(new Set(rows.map((row) => row.tx)).size).toBe(1);
    expect(rows.map((row) => row.status)).toEqual(["received", "received", "received"]);
  });

  it("refuses a message the database cannot store alone, and stores those that came with it", async () => {
    const people = await onboardedPeople(2, "refused");
    // The database refuses one row (as a constraint would), not the others.
    await database.db.execute(sql.raw(`create or replace function refuse_message() returns trigger language plpgsql as $$
      begin raise exception 'refused for the test'; end $$`));
    await database.db.execute(sql.raw(`create trigger refuse_message before insert on messages for each row when (new.content->>'text' = 'refuse me') execute function refuse_message()`));
    try {
      const results = await Promise.allSettled([
        engine.accept({ channel: "telegram", externalUserId: people[0]?.user ?? "", content: { kind: "text", text: "menu" } }),
        engine.accept({ channel: "telegram", externalUserId: people[1]?.user ?? "", content: { kind: "text", text: "refuse me" } }),
      ]);
      expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected"]);
      const stored = results[0]?.status === "fulfilled" ? results[0].value.inboundId : null;
      expect((await outcomeOf([stored ?? 0]))[0]?.status).toBe("received");
    } finally {
      await database.db.execute(sql.raw("drop trigger if exists refuse_message on messages"));
    }
  });

  it("keeps nothing of a message's own transaction when its save is refused after the COMMIT went out behind it, and stores the message alone", async () => {
    const [person] = await onboardedPeople(1, "take");
    const conversationId = person?.conversationId ?? "";
    await database.db.execute(sql.raw(`create or replace function refuse_flow_session() returns trigger language plpgsql as $$
      begin raise exception 'refused for the test'; end $$`));
    await database.db.execute(
      sql.raw(`create trigger refuse_take before insert or update on flow_sessions for each row when (new.conversation_id = '${conversationId}') execute function refuse_flow_session()`),
    );
    let taken;
    try {
      taken = await engine.take({ channel: "telegram", externalUserId: person?.user ?? "", channelMessageId: `${person?.user}-take`, content: { kind: "text", text: "menu" } });
    } finally {
      await database.db.execute(sql.raw("drop trigger if exists refuse_take on flow_sessions"));
    }
    expect(taken.settled).toBe(false);
    const rows = await queryRows<{ status: string; replies: string }>(
      database.db,
      sql`select m.status::text, (select count(*) from messages r where r.reply_to_id = m.id)::text as replies
          from messages m where m.channel_message_id = ${`${person?.user}-take`}`,
    );
    expect(rows).toEqual([{ status: "received", replies: "0" }]);
    await engine.processConversation(conversationId);
    const [after] = await queryRows<{ status: string }>(database.db, sql`select status::text from messages where channel_message_id = ${`${person?.user}-take`}`);
    expect(after?.status).toBe("processed");
  });
});
