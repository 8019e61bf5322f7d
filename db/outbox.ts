import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";
import { channelIdentities, contacts, conversations, messages } from "./schema/index.ts";

export interface PendingDelivery {
  id: number;
  channel: string;
  content: Record<string, unknown> | null;
  attempts: number;
  nextAttemptAt: Date | null;
  address: string | null;
  contactId: string;
}

/**
 * Claims the conversation's pending replies for one sender until `leaseUntil`, in one
 * short transaction: the replies are then sent with no transaction open (a paced
 * WhatsApp send takes seconds; a database connection must not wait on it). Returns
 * nothing when another sender holds them or the oldest is waiting for its retry —
 * replies leave in order, one sender at a time. A sender that dies loses its claim
 * when the lease ends, and another sends them (at least once).
 */
export async function claimDeliveries(db: Db, conversationId: string, now: Date, leaseUntil: Date): Promise<PendingDelivery[]> {
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtextextended(${conversationId}, 0)) as locked`,
    );
    if (!lock?.locked) return [];
    const pending = await listPendingDeliveries(tx, conversationId);
    const first = pending[0];
    if (!first || (first.nextAttemptAt && first.nextAttemptAt > now)) return [];
    await tx
      .update(messages)
      .set({ nextAttemptAt: leaseUntil })
      .where(inArray(messages.id, pending.map((delivery) => delivery.id)));
    return pending;
  });
}

/** The conversation's pending replies, oldest first, with where to send them. */
export async function listPendingDeliveries(db: Db, conversationId: string): Promise<PendingDelivery[]> {
  return db
    .select({
      id: messages.id,
      channel: messages.channel,
      content: messages.content,
      attempts: messages.attempts,
      nextAttemptAt: messages.nextAttemptAt,
      address: channelIdentities.externalId,
      contactId: conversations.contactId,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(channelIdentities, eq(channelIdentities.id, conversations.identityId))
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.direction, "outbound"),
        eq(messages.status, "pending"),
        isNull(messages.heldAt),
      ),
    )
    .orderBy(asc(messages.id));
}

/**
 * Conversations on the given channels with replies due now. `settledBefore`: leave out
 * replies never tried that were saved after it — the process that saved them is sending
 * them (the sweep is for retries and for what a stopped process left behind).
 */
export async function listConversationsWithDueDeliveries(
  db: Db,
  channels: string[],
  now: Date,
  limit: number,
  options: { settledBefore?: Date } = {},
): Promise<string[]> {
  if (channels.length === 0) return [];
  const neverTried = options.settledBefore ? and(isNull(messages.nextAttemptAt), lt(messages.createdAt, options.settledBefore)) : isNull(messages.nextAttemptAt);
  const rows = await db
    .selectDistinct({ conversationId: messages.conversationId })
    .from(messages)
    .where(
      and(
        eq(messages.direction, "outbound"),
        eq(messages.status, "pending"),
        isNull(messages.heldAt),
        inArray(messages.channel, channels),
        or(neverTried, lte(messages.nextAttemptAt, now)),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.conversationId);
}

/**
 * Marks sent replies in one statement, however many (one round trip and one commit per
 * batch, not per reply), each with the channel's id for it. Prepared: it runs for every reply.
 */
export async function markDelivered(db: Db, sent: { id: number; channelMessageId: string | null }[], at: Date): Promise<void> {
  if (sent.length === 0) return;
  await queryRows(
    db,
    sql`update messages m set status = 'sent', channel_message_id = d.channel_message_id, processed_at = ${at.toISOString()},
          last_error = null, next_attempt_at = null, attempts = m.attempts + 1
        from unnest(${`{${sent.map((item) => item.id).join(",")}}`}::bigint[], ${toTextArray(sent.map((item) => item.channelMessageId))}::text[])
          as d(id, channel_message_id)
        where m.id = d.id`,
    { prepare: "rafiq_mark_delivered" },
  );
}

/** A PostgreSQL array literal of texts (nulls kept): the drivers pass arrays differently, a literal the same way. */
function toTextArray(values: (string | null)[]): string {
  return `{${values.map((value) => (value === null ? "NULL" : `"${value.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

export async function markDeliveryFailed(db: Db, id: number, error: string, at: Date): Promise<void> {
  await db
    .update(messages)
    .set({ status: "failed", lastError: error.slice(0, 500), processedAt: at, nextAttemptAt: null, attempts: sql`${messages.attempts} + 1` })
    .where(eq(messages.id, id));
}

/** Retries later; `counts` false for a rate limit, which is no fault of this message. */
export async function scheduleRetry(db: Db, id: number, error: string, nextAttemptAt: Date, counts = true): Promise<void> {
  await db
    .update(messages)
    .set({ lastError: error.slice(0, 500), nextAttemptAt, ...(counts ? { attempts: sql`${messages.attempts} + 1` } : {}) })
    .where(eq(messages.id, id));
}

/**
 * The channel sent a notice in this message's stead (WhatsApp's template outside the
 * 24-hour window): the message stays pending, out of the outbox's way, until the person
 * writes again (releaseHeld).
 */
export async function holdDelivery(db: Db, id: number, noticeMessageId: string | null, at: Date): Promise<void> {
  const note = `held until the person writes (window closed)${noticeMessageId ? `; notice ${noticeMessageId}` : ""}`;
  await db.update(messages).set({ heldAt: at, nextAttemptAt: null, lastError: note }).where(eq(messages.id, id));
}

/** The person wrote: their held messages go out now, in order. Returns how many. */
export async function releaseHeld(db: Db, conversationId: string): Promise<number> {
  const rows = await db
    .update(messages)
    .set({ heldAt: null, nextAttemptAt: null })
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound"), eq(messages.status, "pending"), sql`${messages.heldAt} is not null`))
    .returning({ id: messages.id });
  return rows.length;
}

export async function markContactUnreachable(db: Db, contactId: string, at: Date): Promise<void> {
  await db.update(contacts).set({ unreachableAt: at, updatedAt: at }).where(eq(contacts.id, contactId));
}

/** Gives claimed replies back unsent (their channel is not one this process sends on). */
export async function releaseDeliveries(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(messages).set({ nextAttemptAt: null }).where(and(inArray(messages.id, ids), eq(messages.status, "pending")));
}
