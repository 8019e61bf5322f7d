import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { queryRows } from "../../db/sql.ts";
import { isPglite, openTestDatabase } from "../helpers/database.ts";

/**
 * The outbox and the turn read a conversation's unfinished messages through partial
 * indexes led by the conversation (migration 0010), so dead index entries of other
 * conversations — a busy table keeps them until vacuum — are never stepped over; and
 * vacuum keeps pace with the messages table (per-table autovacuum settings).
 */
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe("the messages table", () => {
  it("has the partial indexes shaped for the outbox and the turn, and not the old status index", async () => {
    const rows = await queryRows<{ indexname: string; indexdef: string }>(
      database.db,
      sql`select indexname, indexdef from pg_indexes where tablename = 'messages' order by indexname`,
    );
    const byName = new Map(rows.map((row) => [row.indexname, row.indexdef]));
    expect(byName.get("messages_pending_outbound_idx")).toMatch(/\(conversation_id, id\) WHERE .*outbound.*pending.*held_at IS NULL/);
    expect(byName.get("messages_received_inbound_idx")).toMatch(/\(conversation_id, id\) WHERE .*inbound.*received/);
    expect(byName.has("messages_unfinished_idx")).toBe(false);
  });

  it("is vacuumed and analysed after 1% and 2% of its rows change, not the default 20%", async () => {
    const [row] = await queryRows<{ options: string[] | null }>(database.db, sql`select reloptions as options from pg_class where relname = 'messages'`);
    expect(row?.options).toEqual(
      expect.arrayContaining(["autovacuum_vacuum_scale_factor=0.01", "autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_insert_scale_factor=0.02"]),
    );
  });

  it.skipIf(isPglite()).each([
    ["the outbox's claim of a conversation's replies", "messages_pending_outbound_idx", "direction = 'outbound' and status = 'pending' and held_at is null"],
    ["the turn's load of a conversation's messages to handle", "messages_received_inbound_idx", "direction = 'inbound' and status = 'received'"],
  ])("serves %s from a partial index led by the conversation", async (_what, index, unfinished) => {
    // Index scans preferred, as on a large table (a fresh one is read whole).
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      const explained = await queryRows<{ "QUERY PLAN": string }>(
        tx,
        sql.raw(`explain select id, kind, content from messages where conversation_id = '00000000-0000-4000-8000-000000000000' and ${unfinished} order by id`),
      );
      return explained.map((line) => line["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(new RegExp(`Index (Only )?Scan using ${index}`));
  });
});
