import { sql } from "drizzle-orm";
import type { ChannelName, Choice } from "../bot/core/types.ts";
import { isLang } from "../bot/core/types.ts";
import type { ContactView, FlowState } from "../bot/flows/types.ts";
import type { Db } from "./client.ts";
import type { ConversationStatus } from "./schema/index.ts";
import { queryRows, toDate } from "./sql.ts";

/**
 * The engine's hot path, one statement per round trip: accept a message, load a turn,
 * save a turn. Written as raw SQL on purpose — every message of every person goes
 * through here, and fewer round trips is most of the engine's speed. The tables are the
 * Drizzle schema's; keep the column lists in step with db/schema/.
 */

const OFFERED_KEY = "__offered";

/**
 * Stores an inbound message for a person already known on this channel and takes their
 * conversation's lock, in one statement, inside a transaction (a message and its turn in
 * one commit). Returns null when the person (or their open conversation) is new: take the
 * slow path. Storing alone, outside a turn, is acceptKnownInbounds.
 */
export async function acceptKnownInbound(
  db: Db,
  inbound: { channel: string; externalId: string; channelMessageId: string | null; kind: string; content: unknown },
): Promise<{ conversationId: string; inboundId: number | null; locked: boolean } | null> {
  // The lock is taken only if nobody holds it (SKIP LOCKED: storing a message never waits
  // for another turn), so the turn can follow in the same transaction without a statement
  // of its own. The turn's next statement starts after the lock is held and so reads a
  // fresh snapshot.
  const [row] = await queryRows<{ conversation_id: string | null; inbound_id: string | number | null; locked: boolean | null }>(
    db,
    sql`with target as (
          select c.id as conversation_id
          from channel_identities ci
          join conversations c on c.identity_id = ci.id and c.status <> 'closed'
          where ci.channel = ${inbound.channel} and ci.external_id = ${inbound.externalId}
          limit 1
        ), inserted as (
          insert into messages (conversation_id, direction, author, channel, channel_message_id, kind, content, status)
          select conversation_id, 'inbound', 'contact', ${inbound.channel}, ${inbound.channelMessageId}, ${inbound.kind}, ${JSON.stringify(inbound.content)}::jsonb, 'received'
          from target
          on conflict (channel, channel_message_id) where direction = 'inbound' and channel_message_id is not null do nothing
          returning id
        ), locked as (
          select id from conversations where id = (select conversation_id from target) for no key update skip locked
        )
        select (select conversation_id from target) as conversation_id, (select id from inserted) as inbound_id,
          exists (select 1 from locked) as locked`,
    { prepare: "rafiq_accept_known_inbound" },
  );
  if (!row?.conversation_id) return null;
  return { conversationId: row.conversation_id, inboundId: row.inbound_id === null ? null : Number(row.inbound_id), locked: row.locked === true };
}

/**
 * Known people's messages stored without a turn, many in one statement (intake under load: one round trip
 * and one commit for every webhook that arrived meanwhile). Results in the order given.
 * Two messages of one person never share a statement (they go in the next), so each
 * person's messages are stored in the order they came.
 */
export async function acceptKnownInbounds(
  db: Db,
  inbounds: { channel: string; externalId: string; channelMessageId: string | null; kind: string; content: unknown }[],
): Promise<({ conversationId: string; inboundId: number | null } | null)[]> {
  const results: ({ conversationId: string; inboundId: number | null } | null)[] = [];
  let rest = inbounds.map((inbound, index) => ({ inbound, index }));
  while (rest.length > 0) {
    // Each person's first message in this round, the others in the next.
    const seen = new Set<string>();
    const round: typeof rest = [];
    const later: typeof rest = [];
    for (const entry of rest) {
      const person = JSON.stringify([entry.inbound.channel, entry.inbound.externalId]);
      if (seen.has(person)) later.push(entry);
      else (seen.add(person), round.push(entry));
    }
    rest = later;
    const rows = await queryRows<{ ord: string | number; conversation_id: string | null; inbound_id: string | number | null }>(
      db,
      sql`with input as (
            select (e.value->>'channel') as channel, (e.value->>'externalId') as external_id, (e.value->>'channelMessageId') as channel_message_id,
              (e.value->>'kind') as kind, (e.value->'content') as content, e.ord
            from jsonb_array_elements(${JSON.stringify(round.map(({ inbound }) => inbound))}::jsonb) with ordinality as e(value, ord)
          ), target as (
            select i.*, (select c.id from channel_identities ci
                           join conversations c on c.identity_id = ci.id and c.status <> 'closed'
                           where ci.channel = i.channel and ci.external_id = i.external_id limit 1) as conversation_id
            from input i
          ), inserted as (
            insert into messages (conversation_id, direction, author, channel, channel_message_id, kind, content, status)
            select conversation_id, 'inbound', 'contact', channel, channel_message_id, kind, content, 'received'
            from target where conversation_id is not null order by ord
            on conflict (channel, channel_message_id) where direction = 'inbound' and channel_message_id is not null do nothing
            returning id, conversation_id
          )
          select t.ord, t.conversation_id, i.id as inbound_id from target t left join inserted i on i.conversation_id = t.conversation_id order by t.ord`,
      { prepare: "rafiq_accept_known_inbounds" },
    );
    round.forEach(({ index }, position) => {
      const row = rows[position];
      results[index] = row?.conversation_id ? { conversationId: row.conversation_id, inboundId: row.inbound_id === null ? null : Number(row.inbound_id) } : null;
    });
  }
  return results;
}

export interface PendingInbound {
  id: number;
  kind: string;
  content: unknown;
}

export interface Turn {
  contact: ContactView;
  identityId: string | null;
  channel: ChannelName;
  status: ConversationStatus;
  /** Inbound messages handled before this turn: 0 on the conversation's first. */
  handledCount: number;
  session: FlowState | null;
  pending: PendingInbound[];
  /** Where the channel reaches the person (their chat id): null once erased. */
  address: string | null;
}

/**
 * Locks the conversation (serialising one person's messages across processes) and loads
 * everything a turn needs: the contact, the flow session and the messages not yet handled.
 */
export async function lockTurn(db: Db, conversationId: string, now: Date, options: { alreadyLocked?: boolean } = {}): Promise<Turn | null> {
  // Lock first, read after, in two statements: a statement that waited for the lock still
  // reads with the snapshot it started with, so it would see messages another process has
  // just handled as pending, and handle them twice (the concurrency test catches this).
  // NO KEY UPDATE, not UPDATE: inserting a message takes a KEY SHARE lock on its
  // conversation (the foreign key), which FOR UPDATE would wait for — two processes each
  // holding one and wanting the other's lock would deadlock.
  //
  // Two statements, one round trip: both are sent at once, and the server runs the second
  // only once the first is done (it waited for the lock), with a snapshot taken then.
  const load = () => queryRows<Record<string, unknown>>(db, sql`${TURN_COLUMNS} where c.id = ${conversationId}`, { prepare: "rafiq_load_turn" });
  if (options.alreadyLocked) {
    const [row] = await load();
    return row ? toTurn(row, now) : null;
  }
  const [locked, [row]] = await Promise.all([
    queryRows(db, sql`select id from conversations where id = ${conversationId} for no key update`, { prepare: "rafiq_lock_conversation" }),
    load(),
  ]);
  return locked.length > 0 && row ? toTurn(row, now) : null;
}

/**
 * A batch of conversations' turns in one transaction (intake under a backlog): locks those
 * nobody holds (SKIP LOCKED: a batch never waits for another turn; the caller handles the
 * others on their own), then loads their turns in one statement. Two statements, as in
 * lockTurn (the load must start once the locks are held, to read what their last holders
 * committed), in one round trip. Returns which conversations were locked, and their turns by id.
 */
export async function lockTurns(db: Db, conversationIds: string[], now: Date): Promise<{ locked: Set<string>; turns: Map<string, Turn> }> {
  // Sent together, as in lockTurn: the read runs once the locks are taken. It reads every
  // conversation asked for; those someone else holds are left out of what it returns.
  //
  // Both look each conversation up by its key, one after the other, from the list given
  // (a LATERAL subquery per id; OFFSET 0 keeps the planner from folding it back into one
  // join). Written as `id = any(…)`, the plan depended on the tables' size: up to a few
  // thousand people PostgreSQL chose to read conversations, contacts and identities whole
  // and hash them, for every batch — 2 ms where these lookups take 0.4 (EXPLAIN ANALYZE
  // of the prepared statement with 1,000 people, tests/engine/turn-plans.test.ts).
  const ids = `{${conversationIds.join(",")}}`;
  const [lockedRows, rows] = await Promise.all([
    queryRows<{ id: string }>(
      db,
      sql`select c.id from unnest(${ids}::uuid[]) as wanted(id),
            lateral (select id from conversations where id = wanted.id for no key update skip locked) c`,
      { prepare: "rafiq_lock_conversations" },
    ),
    queryRows<Record<string, unknown>>(
      db,
      sql`select turn.* from unnest(${ids}::uuid[]) as wanted(id), lateral (${TURN_COLUMNS} where c.id = wanted.id offset 0) turn`,
      { prepare: "rafiq_load_turns" },
    ),
  ]);
  const locked = new Set(lockedRows.map((row) => String(row.id)));
  const turns = new Map<string, Turn>();
  for (const row of rows) if (locked.has(String(row.conversation_id))) turns.set(String(row.conversation_id), toTurn(row, now));
  return { locked, turns };
}

/**
 * The turn of a person's open conversation, found by their channel address: sent together
 * with acceptKnownInbound, whose conversation it reads once that statement has
 * stored the message and taken the lock. The caller uses it only when that statement did
 * take the lock, for the same conversation; otherwise it is discarded.
 */
export async function loadTurnByAddress(db: Db, channel: string, externalId: string, now: Date): Promise<{ conversationId: string; turn: Turn } | null> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`${TURN_COLUMNS} where ci.channel = ${channel} and ci.external_id = ${externalId} and c.status <> 'closed' limit 1`,
    { prepare: "rafiq_load_turn_by_address" },
  );
  return row ? { conversationId: String(row.conversation_id), turn: toTurn(row, now) } : null;
}

/** What a turn reads of its conversation; the caller adds the WHERE clause. */
const TURN_COLUMNS = sql`select c.id as conversation_id, c.identity_id, c.channel, c.status, c.handled_count, row_to_json(ct) as contact,
          coalesce((select array_agg(distinct ci.channel) from channel_identities ci where ci.contact_id = ct.id), '{}') as channels,
          fs.flow, fs.step, fs.data, fs.expires_at, ci.external_id as address,
          coalesce((select json_agg(json_build_object('id', m.id, 'kind', m.kind, 'content', m.content) order by m.id)
                    from messages m
                    where m.conversation_id = c.id and m.direction = 'inbound' and m.status = 'received'), '[]') as pending
        from conversations c
        join contacts ct on ct.id = c.contact_id
        left join flow_sessions fs on fs.conversation_id = c.id
        left join channel_identities ci on ci.id = c.identity_id`;

function toTurn(row: Record<string, unknown>, now: Date): Turn {
  const expiresAt = toDate(row.expires_at);
  const rawData = (row.data ?? {}) as Record<string, unknown>;
  const { [OFFERED_KEY]: offered, ...data } = rawData;
  const session: FlowState | null =
    typeof row.flow === "string" && typeof row.step === "string" && expiresAt && expiresAt > now
      ? { flow: row.flow, step: row.step, data, offered: Array.isArray(offered) ? (offered as Choice[]) : [] }
      : null;
  return {
    contact: toContactView(row.contact as Record<string, unknown>, row.channels),
    identityId: (row.identity_id as string | null) ?? null,
    channel: row.channel as ChannelName,
    status: row.status as ConversationStatus,
    handledCount: Number(row.handled_count ?? 0),
    session,
    pending: (row.pending as { id: number | string; kind: string; content: unknown }[]).map((item) => ({ ...item, id: Number(item.id) })),
    address: (row.address as string | null) ?? null,
  };
}

function toContactView(contact: Record<string, unknown>, channels: unknown): ContactView {
  const consentedAt = toDate(contact.consented_at);
  return {
    id: String(contact.id),
    language: isLang(contact.language) ? contact.language : null,
    firstName: (contact.first_name as string | null) ?? null,
    phone: (contact.phone as string | null) ?? null,
    consent: consentedAt ? "given" : contact.consent_refused_at ? "refused" : "none",
    consentVersion: (contact.consent_version as string | null) ?? null,
    consentedAt,
    optedOut: contact.opted_out === true,
    profile: (contact.profile ?? {}) as ContactView["profile"],
    entryPoint: (contact.entry_point as string | null) ?? null,
    channels: (Array.isArray(channels) ? channels : []) as ChannelName[],
    createdAt: toDate(contact.created_at) ?? new Date(0),
  };
}

export interface SavedReply {
  id: number;
  conversationId: string;
  channel: string;
  content: Record<string, unknown>;
  /** Claimed for this process's sender by the statement that saved it (see saveTurn's `claim`). */
  claimed: boolean;
}

/**
 * Saves one handled message in one statement: its replies (the outbox rows), the message
 * marked handled (its text dropped when it must not be kept), the flow state, the counters.
 */
export async function saveTurn(
  db: Db,
  turn: {
    conversationId: string;
    /** Where replies and state go: differs from conversationId only right after an erasure. */
    targetConversationId: string;
    channel: string;
    inboundId: number;
    redactInbound: boolean;
    replies: { kind: string; content: unknown }[];
    state: FlowState;
    now: Date;
    sessionTtlMs: number;
    /**
     * Claims the replies for this process's sender until `lease` (an instant, as text, unique
     * to this turn), as the outbox's claim would, so no claim of their own is needed: only
     * when no older reply of the conversation is still to be sent by anyone else, so replies
     * keep their order. The rows this turn claimed itself carry the same lease and do not count.
     */
    claim?: { lease: string } | null;
  },
): Promise<SavedReply[]> {
  const { state } = turn;
  // Raw queries take instants as ISO strings: the postgres-js driver under Drizzle does not serialise Dates.
  const now = turn.now.toISOString();
  const expiresAt = new Date(turn.now.getTime() + turn.sessionTtlMs).toISOString();
  const data = JSON.stringify({ ...state.data, [OFFERED_KEY]: state.offered });
  const replies = turn.replies.length
    ? sql`, outbound as (
          insert into messages (conversation_id, direction, author, channel, kind, content, reply_to_id, status, created_at, next_attempt_at)
          values ${sql.join(
            turn.replies.map(
              (reply) =>
                sql`(${turn.targetConversationId}, 'outbound', 'bot', ${turn.channel}, ${reply.kind}, ${JSON.stringify(reply.content)}::jsonb, ${turn.inboundId}, 'pending', ${now}, (select lease from claim))`,
            ),
            sql`, `,
          )}
          returning id, conversation_id, channel, content, next_attempt_at is not null as claimed)`
    : sql``;
  const lease = turn.claim?.lease ?? null;
  // Nobody else has a reply of this conversation to send: ours are ours to send now.
  const claim = turn.replies.length
    ? sql`, claim as (
          select ${lease}::timestamptz as lease
          where ${lease}::timestamptz is not null and not exists (
            select 1 from messages p
            where p.conversation_id = ${turn.targetConversationId} and p.direction = 'outbound' and p.status = 'pending'
              and p.held_at is null and p.next_attempt_at is distinct from ${lease}::timestamptz
          )
        )`
    : sql``;
  const rows = await queryRows<{ id: string | number; conversation_id: string; channel: string; content: Record<string, unknown>; claimed: boolean }>(
    db,
    sql`with finished as (
          update messages set status = 'processed', processed_at = ${now},
            content = case when ${turn.redactInbound} then null else content end
          where id = ${turn.inboundId}
        ), session as (
          insert into flow_sessions (conversation_id, flow, step, data, expires_at, updated_at)
          values (${turn.targetConversationId}, ${state.flow}, ${state.step}, ${data}::jsonb, ${expiresAt}, ${now})
          on conflict (conversation_id) do update set flow = excluded.flow, step = excluded.step, data = excluded.data,
            expires_at = excluded.expires_at, updated_at = excluded.updated_at, version = flow_sessions.version + 1
        ), counters as (
          update conversations set handled_count = handled_count + 1, last_message_at = ${now}, updated_at = ${now}
          where id = ${turn.conversationId}
        )${claim}${replies}
        ${turn.replies.length ? sql`select id, conversation_id, channel, content, claimed from outbound order by id` : sql`select 1 as id, '' as conversation_id, '' as channel, null as content, false as claimed where false`}`,
    // One statement shape per number of replies; the driver caches each by its text.
    { prepare: `rafiq_save_turn_${turn.replies.length}` },
  );
  return rows.map((row) => ({ id: Number(row.id), conversationId: row.conversation_id, channel: row.channel, content: row.content, claimed: row.claimed === true }));
}

/** Sets a handled message aside without replying (its person erased their data meanwhile). */
export async function dropInbound(db: Db, inboundId: number, now: Date): Promise<void> {
  await db.execute(sql`update messages set status = 'processed', processed_at = ${now.toISOString()}, content = null where id = ${inboundId}`);
}

/**
 * Saves what the system said on its own (an advisor took the conversation or handed it
 * back): the messages into the outbox and the flow state, with no inbound message behind
 * them. Off the hot path, so plain statements are fine.
 */
export async function saveSystemTurn(
  db: Db,
  turn: { conversationId: string; channel: string; replies: { kind: string; content: unknown }[]; state: FlowState; now: Date; sessionTtlMs: number },
): Promise<SavedReply[]> {
  const { state } = turn;
  const now = turn.now.toISOString();
  const expiresAt = new Date(turn.now.getTime() + turn.sessionTtlMs).toISOString();
  const data = JSON.stringify({ ...state.data, [OFFERED_KEY]: state.offered });
  await db.execute(sql`insert into flow_sessions (conversation_id, flow, step, data, expires_at, updated_at)
      values (${turn.conversationId}, ${state.flow}, ${state.step}, ${data}::jsonb, ${expiresAt}, ${now})
      on conflict (conversation_id) do update set flow = excluded.flow, step = excluded.step, data = excluded.data,
        expires_at = excluded.expires_at, updated_at = excluded.updated_at, version = flow_sessions.version + 1`);
  if (turn.replies.length === 0) return [];
  const rows = await queryRows<{ id: string | number; conversation_id: string; channel: string; content: Record<string, unknown> }>(
    db,
    sql`insert into messages (conversation_id, direction, author, channel, kind, content, status, created_at)
        values ${sql.join(
          turn.replies.map((reply) => sql`(${turn.conversationId}, 'outbound', 'system', ${turn.channel}, ${reply.kind}, ${JSON.stringify(reply.content)}::jsonb, 'pending', ${now})`),
          sql`, `,
        )}
        returning id, conversation_id, channel, content`,
  );
  return rows.map((row) => ({ id: Number(row.id), conversationId: row.conversation_id, channel: row.channel, content: row.content, claimed: false }));
}
