import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { markDelivered } from "../../db/outbox.ts";
import { queryRows } from "../../db/sql.ts";
import { acceptKnownInbound, acceptKnownInbounds, loadTurnByAddress, lockTurn, lockTurns, saveTurn } from "../../db/turns.ts";
import { openIsolatedDatabase } from "../api/staff-helpers.ts";

/**
 * The statements every message goes through must find their rows by key, whatever the
 * tables hold. PostgreSQL picks a plan by the tables' size: with a few thousand people it
 * judged reading conversations, contacts and identities whole (and hashing them) cheaper
 * than looking up a batch's conversations by id — for every batch of turns, five times
 * the work of the lookups (bench:webhook's PostgreSQL CPU). A plan that scans a table
 * grows with the service, so none may: each statement runs here on a database of 2,000
 * people, analysed as autovacuum leaves it, often enough for PostgreSQL to settle on its
 * generic plan, and the transaction's own statistics must show no sequential scan.
 */
const PEOPLE = 2_000;
/** Past PostgreSQL's five custom plans, so the generic plan a pooled connection keeps runs too. */
const RUNS = 7;

let database: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ database, close } = await openIsolatedDatabase());
  await database.db.execute(sql`
    with people as (
      insert into contacts (language, consented_at, consent_version)
      select 'fr', now(), 'v1' from generate_series(1, ${PEOPLE}) returning id
    ), numbered as (
      select id, row_number() over () as n from people
    ), identities as (
      insert into channel_identities (contact_id, channel, external_id)
      select id, 'telegram', 'plan-' || n from numbered returning id, contact_id
    ), opened as (
      insert into conversations (contact_id, identity_id, channel)
      select contact_id, id, 'telegram' from identities returning id
    )
    insert into flow_sessions (conversation_id, flow, step, data, expires_at)
    select id, 'menu', 'main', '{}'::jsonb, now() + interval '1 day' from opened`);
  // Each person's history: ten messages handled and answered.
  await database.db.execute(sql`
    insert into messages (conversation_id, direction, author, channel, kind, content, status, processed_at)
    select c.id, (case when g % 2 = 0 then 'inbound' else 'outbound' end)::message_direction,
      (case when g % 2 = 0 then 'contact' else 'bot' end)::message_author, 'telegram', 'text', '{"text": "menu"}'::jsonb,
      (case when g % 2 = 0 then 'processed' else 'sent' end)::message_status, now()
    from conversations c, generate_series(1, 10) g`);
  await database.db.execute(sql`analyze`);
}, 120_000);
afterAll(async () => {
  await close?.();
});

/** Sequential scans the current transaction made so far, by table. */
async function seqScans(tx: Database["db"]): Promise<Record<string, number>> {
  const rows = await queryRows<{ relname: string; seq_scan: string | number }>(
    tx,
    sql`select relname, seq_scan from pg_stat_xact_user_tables where seq_scan > 0`,
  );
  return Object.fromEntries(rows.map((row) => [row.relname, Number(row.seq_scan)]));
}

/**
 * Runs `work` RUNS times in one transaction (rolled back) and returns the sequential scans it
 * made. The view also counts earlier transactions of the connection whose statistics are not
 * yet reported (PostgreSQL 15 reports them at most once a second, when idle): the difference
 * is this transaction's.
 */
async function scansOf(work: (tx: Database["db"], run: number) => Promise<unknown>): Promise<Record<string, number>> {
  let scans: Record<string, number> = {};
  await database.db
    .transaction(async (tx) => {
      const before = await seqScans(tx);
      for (let run = 0; run < RUNS; run++) await work(tx, run);
      const after = await seqScans(tx);
      scans = Object.fromEntries(Object.entries(after).flatMap(([table, count]) => (count > (before[table] ?? 0) ? [[table, count - (before[table] ?? 0)]] : [])));
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return scans;
}
class RollBack extends Error {}

async function conversationIds(count: number, offset = 0): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(database.db, sql`select id from conversations order by id limit ${count} offset ${offset}`);
  return rows.map((row) => row.id);
}

const now = () => new Date();
const inbound = (person: number, run: number, tag: string) => ({
  channel: "telegram",
  externalId: `plan-${person}`,
  channelMessageId: `${tag}-${person}-${run}`,
  kind: "text",
  content: { text: "menu" },
});

describe("the hot path's statements look rows up by key at 2,000 people", () => {
  it("checks itself: a query that reads a table whole is seen", async () => {
    const scans = await scansOf((tx) => queryRows(tx, sql`select count(*) from conversations where handled_count >= 0`));
    expect(scans.conversations).toBe(RUNS);
  });

  it("locks and loads a batch of turns", async () => {
    const ids = await conversationIds(8);
    expect(await scansOf((tx) => lockTurns(tx, ids, now()))).toEqual({});
  });

  it("locks and loads one turn, by id and by the person's address", async () => {
    const [id] = await conversationIds(1, 20);
    expect(await scansOf((tx) => lockTurn(tx, id ?? "", now()))).toEqual({});
    expect(await scansOf((tx) => loadTurnByAddress(tx, "telegram", "plan-21", now()))).toEqual({});
  });

  it("stores messages, alone with the lock and many together", async () => {
    expect(await scansOf((tx, run) => acceptKnownInbound(tx, inbound(30 + run, run, "one")))).toEqual({});
    expect(await scansOf((tx, run) => acceptKnownInbounds(tx, Array.from({ length: 8 }, (_, index) => inbound(100 + index, run, "many"))))).toEqual({});
  });

  it("saves a turn with its replies and marks them delivered", async () => {
    const scans = await scansOf(async (tx, run) => {
      const taken = await acceptKnownInbound(tx, inbound(200 + run, run, "save"));
      if (!taken?.inboundId) throw new Error("the message was not stored");
      const saved = await saveTurn(tx, {
        conversationId: taken.conversationId,
        targetConversationId: taken.conversationId,
        channel: "telegram",
        inboundId: taken.inboundId,
        redactInbound: false,
        replies: [{ kind: "text", content: { kind: "text", text: "Menu" } }],
        state: { flow: "menu", step: "main", data: {}, offered: [] },
        now: now(),
        sessionTtlMs: 60_000,
        claim: { lease: new Date(Date.now() + 30_000).toISOString() },
      });
      await markDelivered(tx, saved.map((reply) => ({ id: reply.id, channelMessageId: `sent-${reply.id}` })), now());
    });
    expect(scans).toEqual({});
  });
});
