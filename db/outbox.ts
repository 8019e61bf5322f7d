import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
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
 * Takes the conversation's delivery lock for the rest of the transaction, or returns
 * false when another worker is delivering it: replies leave in order, one sender at a time.
 */
export async function tryLockDelivery(db: Db, conversationId: string): Promise<boolean> {
  const rows = await db.execute<{ locked: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtextextended(${conversationId}, 0)) as locked`,
  );
  const first = (Array.isArray(rows) ? rows[0] : (rows as { rows: { locked: boolean }[] }).rows[0]) as { locked: boolean } | undefined;
  return first?.locked === true;
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
      ),
    )
    .orderBy(asc(messages.id));
}

/** Conversations on the given channels with replies due now. */
export async function listConversationsWithDueDeliveries(db: Db, channels: string[], now: Date, limit: number): Promise<string[]> {
  if (channels.length === 0) return [];
  const rows = await db
    .selectDistinct({ conversationId: messages.conversationId })
    .from(messages)
    .where(
      and(
        eq(messages.direction, "outbound"),
        eq(messages.status, "pending"),
        inArray(messages.channel, channels),
        or(isNull(messages.nextAttemptAt), lte(messages.nextAttemptAt, now)),
      ),
    )
    .limit(limit);
  return rows.map((row) => row.conversationId);
}

export async function markDelivered(db: Db, id: number, channelMessageId: string | null, at: Date): Promise<void> {
  await db
    .update(messages)
    .set({ status: "sent", channelMessageId, processedAt: at, lastError: null, attempts: sql`${messages.attempts} + 1` })
    .where(eq(messages.id, id));
}

export async function markDeliveryFailed(db: Db, id: number, error: string, at: Date): Promise<void> {
  await db
    .update(messages)
    .set({ status: "failed", lastError: error.slice(0, 500), processedAt: at, attempts: sql`${messages.attempts} + 1` })
    .where(eq(messages.id, id));
}

export async function scheduleRetry(db: Db, id: number, error: string, nextAttemptAt: Date): Promise<void> {
  await db
    .update(messages)
    .set({ lastError: error.slice(0, 500), nextAttemptAt, attempts: sql`${messages.attempts} + 1` })
    .where(eq(messages.id, id));
}

export async function markContactUnreachable(db: Db, contactId: string, at: Date): Promise<void> {
  await db.update(contacts).set({ unreachableAt: at, updatedAt: at }).where(eq(contacts.id, contactId));
}
