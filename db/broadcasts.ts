import { and, desc, eq, sql } from "drizzle-orm";
import { ACTION_CHOICE_PREFIX } from "../bot/broadcast/message.ts";
import type { BroadcastAction, BroadcastTexts, Segment } from "../bot/broadcast/types.ts";
import type { Db } from "./client.ts";
import { broadcastRecipients, broadcasts, type RecipientStatus } from "./schema/index.ts";
import { queryRows } from "./sql.ts";

export type BroadcastRow = typeof broadcasts.$inferSelect;

export interface NewBroadcast {
  title: string;
  texts: BroadcastTexts;
  action: BroadcastAction | null;
  segment: Segment;
  createdBy: string | null;
  at: Date;
}

export async function insertBroadcast(db: Db, input: NewBroadcast): Promise<BroadcastRow> {
  const [row] = await db
    .insert(broadcasts)
    .values({ title: input.title, texts: input.texts, action: input.action, segment: input.segment, createdBy: input.createdBy, createdAt: input.at, updatedAt: input.at })
    .returning();
  if (!row) throw new Error("broadcast insert returned nothing");
  return row;
}

export async function findBroadcast(db: Db, id: string): Promise<BroadcastRow | null> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id));
  return row ?? null;
}

/** Locks the broadcast's row: status changes (schedule, start, cancel) queue behind each other. */
export async function lockBroadcast(db: Db, id: string): Promise<BroadcastRow | null> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id)).for("update");
  return row ?? null;
}

export async function listBroadcasts(db: Db, limit = 100): Promise<BroadcastRow[]> {
  return db.select().from(broadcasts).orderBy(desc(broadcasts.createdAt)).limit(limit);
}

export type BroadcastPatch = Partial<
  Pick<BroadcastRow, "title" | "texts" | "action" | "segment" | "status" | "scheduledAt" | "startedAt" | "finishedAt" | "cancelledAt" | "recipientCount">
>;

export async function updateBroadcast(db: Db, id: string, patch: BroadcastPatch, at: Date): Promise<BroadcastRow> {
  const [row] = await db.update(broadcasts).set({ ...patch, updatedAt: at }).where(eq(broadcasts.id, id)).returning();
  if (!row) throw new Error(`broadcast ${id} vanished`);
  return row;
}

/** Withdraws every recipient not yet claimed (a cancelled broadcast); returns how many. */
export async function cancelPendingRecipients(db: Db, broadcastId: string): Promise<number> {
  const rows = await db
    .update(broadcastRecipients)
    .set({ status: "cancelled", nextAttemptAt: null })
    .where(and(eq(broadcastRecipients.broadcastId, broadcastId), eq(broadcastRecipients.status, "pending")))
    .returning({ id: broadcastRecipients.id });
  return rows.length;
}

/**
 * An announcement waits while an advisor holds the person's conversation (it would cut
 * into their talk), for this long at most after the broadcast started.
 */
export const HOLD_FOR_ADVISOR_HOURS = 24;

/** One person to send to, claimed, with what is needed to send and to re-check them. */
export interface ClaimedRecipient {
  id: number;
  broadcastId: string;
  contactId: string;
  conversationId: string;
  channel: string;
  language: string;
  attempts: number;
  address: string | null;
  /** Why the person must not get it any more (stopped, erased…) since the fan-out, or null. */
  excludedBecause: "opted_out" | "erased" | "unreachable" | "no_consent" | "no_address" | null;
  texts: BroadcastTexts;
  action: BroadcastAction | null;
}

/**
 * Claims up to `limit` due recipients on a channel of broadcasts that are sending, oldest
 * broadcast first, with `FOR UPDATE SKIP LOCKED` so several processes share the work.
 * The claim is committed before any send: a process that dies mid-send leaves its row
 * `sending`, and `settleAbandoned` marks it uncertain instead of sending it twice.
 */
export async function claimRecipients(db: Db, channel: string, limit: number, leaseMs: number, now: Date): Promise<ClaimedRecipient[]> {
  const holdUntilStartedBefore = new Date(now.getTime() - HOLD_FOR_ADVISOR_HOURS * 3_600_000).toISOString();
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with due as (
          select r.id from broadcast_recipients r join broadcasts b on b.id = r.broadcast_id
            join conversations held on held.id = r.conversation_id
          where r.channel = ${channel} and r.status = 'pending' and b.status = 'sending'
            and (r.next_attempt_at is null or r.next_attempt_at <= clock_timestamp())
            -- Not in the middle of a talk with an advisor: it waits for the bot's turn (a day at most).
            and (held.status <> 'advisor' or b.started_at < ${holdUntilStartedBefore})
          -- Oldest broadcast first: its recipients were written at its start, so their ids come first.
          -- In id order the pending index is walked and the first free row taken, whatever the queue's length.
          order by r.id
          limit ${limit}
          for update of r skip locked
        ), claimed as (
          update broadcast_recipients r set status = 'sending', attempts = r.attempts + 1,
            next_attempt_at = clock_timestamp() + ${leaseMs} * interval '1 millisecond'
          from due where r.id = due.id
          returning r.*
        )
        select claimed.id, claimed.broadcast_id, claimed.contact_id, claimed.conversation_id, claimed.channel, claimed.language,
          claimed.attempts, i.external_id as address, b.texts, b.action,
          case when c.erased_at is not null then 'erased'
               when c.opted_out then 'opted_out'
               when c.consented_at is null then 'no_consent'
               when c.unreachable_at is not null then 'unreachable'
               when i.external_id is null then 'no_address' end as excluded_because
        from claimed
        join broadcasts b on b.id = claimed.broadcast_id
        join contacts c on c.id = claimed.contact_id
        join conversations cv on cv.id = claimed.conversation_id
        left join channel_identities i on i.id = cv.identity_id
        order by claimed.id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    broadcastId: String(row.broadcast_id),
    contactId: String(row.contact_id),
    conversationId: String(row.conversation_id),
    channel: String(row.channel),
    language: String(row.language),
    attempts: Number(row.attempts),
    address: row.address === null ? null : String(row.address),
    excludedBecause: (row.excluded_because ?? null) as ClaimedRecipient["excludedBecause"],
    texts: (typeof row.texts === "string" ? JSON.parse(row.texts) : row.texts) as BroadcastTexts,
    action: (row.action ?? null) as BroadcastAction | null,
  }));
}

/**
 * The person got it: the message goes into their conversation's history (delivered on a
 * push channel, pending for the web chat's page to fetch) and the recipient is settled,
 * in one transaction — the message exists once, or not at all.
 */
export async function settleSent(
  db: Db,
  recipient: Pick<ClaimedRecipient, "id" | "conversationId" | "channel">,
  message: { kind: string; content: unknown; channelMessageId: string | null; delivered: boolean },
): Promise<number> {
  // One statement: atomic without a transaction's extra round trips, on the hot path of every send.
  const [row] = await queryRows<{ message_id: number | string }>(
    db,
    sql`with inserted as (
          insert into messages (conversation_id, direction, author, channel, kind, content, status, channel_message_id, created_at, processed_at)
          values (${recipient.conversationId}, 'outbound', 'system', ${recipient.channel}, ${message.kind}, ${JSON.stringify(message.content)}::jsonb,
            ${message.delivered ? "delivered" : "pending"}, ${message.channelMessageId}, clock_timestamp(),
            ${message.delivered ? sql`clock_timestamp()` : sql`null`})
          returning id
        )
        update broadcast_recipients set status = 'sent', message_id = inserted.id, sent_at = clock_timestamp(), next_attempt_at = null, reason = null
        from inserted where broadcast_recipients.id = ${recipient.id}
        returning inserted.id as message_id`,
  );
  if (!row) throw new Error(`broadcast recipient ${recipient.id} vanished`);
  return Number(row.message_id);
}

/** Settles a recipient without a message: failed (blocked…), skipped (stopped since), cancelled. */
export async function settleWithout(db: Db, id: number, status: Extract<RecipientStatus, "failed" | "skipped">, reason: string): Promise<void> {
  await db.update(broadcastRecipients).set({ status, reason, nextAttemptAt: null }).where(eq(broadcastRecipients.id, id));
}

/** Back in the queue, not before `delayMs` (a retry, or a bot-wide pause after 429). */
export async function releaseRecipient(db: Db, id: number, delayMs: number, reason: string, refund: boolean): Promise<void> {
  await db
    .update(broadcastRecipients)
    .set({
      status: "pending",
      reason,
      nextAttemptAt: sql`clock_timestamp() + ${delayMs} * interval '1 millisecond'`,
      // A 429 says nothing about this person: the attempt does not count against them.
      ...(refund ? { attempts: sql`greatest(0, ${broadcastRecipients.attempts} - 1)` } : {}),
    })
    .where(eq(broadcastRecipients.id, id));
}

/**
 * Rows still `sending` after their lease: the process that claimed them died during the
 * send. Whether the channel got the message is unknowable, so they are never sent again
 * (a second copy would be spam); staff see them counted as uncertain. A web chat row
 * has no such doubt (its message is written with the settle, or not at all): it goes
 * back to the queue.
 */
export async function settleAbandoned(db: Db): Promise<number> {
  const rows = await db
    .update(broadcastRecipients)
    .set({
      status: sql`case when ${broadcastRecipients.channel} = 'web' then 'pending' else 'uncertain' end`,
      reason: sql`case when ${broadcastRecipients.channel} = 'web' then null else 'the sending process stopped during this send' end`,
    })
    .where(and(eq(broadcastRecipients.status, "sending"), sql`${broadcastRecipients.nextAttemptAt} < clock_timestamp()`))
    .returning({ id: broadcastRecipients.id });
  return rows.length;
}

/** Broadcasts whose every recipient is settled become `sent`; returns their ids. */
export async function finishCompleted(db: Db, at: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update broadcasts b set status = 'sent', finished_at = ${at.toISOString()}, updated_at = ${at.toISOString()}
        where b.status = 'sending'
          and not exists (select 1 from broadcast_recipients r where r.broadcast_id = b.id and r.status in ('pending', 'sending'))
        returning b.id`,
  );
  return rows.map((row) => row.id);
}

export interface BroadcastStats {
  recipients: number;
  queued: number;
  sent: number;
  /** Reached the person: accepted by Telegram or WhatsApp, or fetched by their web chat page. */
  delivered: number;
  /** Read, as WhatsApp's Cloud API reports it (its `read` status; other channels do not say). */
  read: number;
  failed: number;
  failedByReason: Record<string, number>;
  skipped: number;
  uncertain: number;
  cancelled: number;
  /** Pressed the button (or chose its journey) after receiving it. */
  opened: number;
  /** Queued people talking with an advisor right now: theirs waits for the bot's turn. */
  heldForAdvisor: number;
  byChannel: Record<string, { recipients: number; sent: number }>;
}

function emptyStats(): BroadcastStats {
  return { recipients: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, failedByReason: {}, skipped: 0, uncertain: 0, cancelled: 0, opened: 0, heldForAdvisor: 0, byChannel: {} };
}

/**
 * The figures of several broadcasts in one grouped query (the console's list shows them
 * all). "Opened": sent, then the person chose the button's journey (a choice message
 * after the announcement). "Held": queued while an advisor talks with the person.
 */
export async function broadcastStatsOf(db: Db, broadcastIds: readonly string[]): Promise<Map<string, BroadcastStats>> {
  const all = new Map(broadcastIds.map((id) => [id, emptyStats()]));
  if (broadcastIds.length === 0) return all;
  const rows = await queryRows<{
    broadcast_id: string;
    channel: string;
    status: RecipientStatus;
    reason: string | null;
    n: number | string;
    delivered: number | string;
    read: number | string;
    held: number | string;
    opened: number | string;
  }>(
    db,
    sql`select r.broadcast_id, r.channel, r.status, r.reason, count(*) as n,
          count(*) filter (where m.status in ('sent', 'delivered')) as delivered,
          count(*) filter (where m.channel_message_id is not null and exists (
            select 1 from whatsapp_statuses s where s.wamid = m.channel_message_id and s.status = 'read')) as read,
          count(*) filter (where r.status = 'pending' and c.status = 'advisor') as held,
          count(*) filter (where r.status = 'sent' and b.action is not null and exists (
            select 1 from messages pressed where pressed.conversation_id = r.conversation_id and pressed.direction = 'inbound'
              and pressed.kind = 'choice' and pressed.content->>'choiceId' = ${ACTION_CHOICE_PREFIX} || b.action and pressed.created_at >= r.sent_at)) as opened
        from broadcast_recipients r
        join broadcasts b on b.id = r.broadcast_id
        join conversations c on c.id = r.conversation_id
        left join messages m on m.id = r.message_id
        where r.broadcast_id in (${sql.join(
          broadcastIds.map((id) => sql`${id}`),
          sql`, `,
        )})
        group by r.broadcast_id, r.channel, r.status, r.reason`,
  );
  for (const row of rows) {
    const stats = all.get(row.broadcast_id);
    if (!stats) continue;
    const n = Number(row.n);
    stats.recipients += n;
    stats.heldForAdvisor += Number(row.held);
    stats.opened += Number(row.opened);
    const channel = (stats.byChannel[row.channel] ??= { recipients: 0, sent: 0 });
    channel.recipients += n;
    if (row.status === "pending" || row.status === "sending") stats.queued += n;
    else if (row.status === "sent") {
      stats.sent += n;
      channel.sent += n;
      stats.delivered += Number(row.delivered);
      stats.read += Number(row.read);
    } else if (row.status === "failed") {
      stats.failed += n;
      const reason = row.reason ?? "unknown";
      stats.failedByReason[reason] = (stats.failedByReason[reason] ?? 0) + n;
    } else stats[row.status] += n;
  }
  return all;
}

export async function broadcastStats(db: Db, broadcast: Pick<BroadcastRow, "id">): Promise<BroadcastStats> {
  return (await broadcastStatsOf(db, [broadcast.id])).get(broadcast.id) ?? emptyStats();
}
