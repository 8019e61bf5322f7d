import { and, asc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { messages } from "./schema/index.ts";

export type MessageRow = typeof messages.$inferSelect;

export interface NewInbound {
  conversationId: string;
  channel: string;
  channelMessageId: string | undefined;
  kind: string;
  content: Record<string, unknown>;
}

/** Stores an inbound message; returns null when the channel already delivered it. */
export async function insertInbound(db: Db, inbound: NewInbound): Promise<number | null> {
  const [row] = await db
    .insert(messages)
    .values({
      conversationId: inbound.conversationId,
      direction: "inbound",
      author: "contact",
      channel: inbound.channel,
      channelMessageId: inbound.channelMessageId ?? null,
      kind: inbound.kind,
      content: inbound.content,
      status: "received",
    })
    .onConflictDoNothing({
      target: [messages.channel, messages.channelMessageId],
      where: sql`direction = 'inbound' and channel_message_id is not null`,
    })
    .returning({ id: messages.id });
  return row?.id ?? null;
}

export async function findInboundByChannelId(db: Db, channel: string, channelMessageId: string): Promise<MessageRow | null> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.direction, "inbound"), eq(messages.channel, channel), eq(messages.channelMessageId, channelMessageId)))
    .limit(1);
  return row ?? null;
}

export interface NewOutbound {
  conversationId: string;
  channel: string;
  replyToId: number | null;
  author: "bot" | "advisor" | "system";
  /** The advisor who wrote it (author `advisor`). */
  authorStaffId?: string | null;
  kind: string;
  content: Record<string, unknown>;
}

export async function insertOutbound(db: Db, rows: NewOutbound[]): Promise<MessageRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(messages)
    .values(rows.map((row) => ({ ...row, direction: "outbound" as const, status: "pending" as const })))
    .returning();
}

export async function listRepliesTo(db: Db, inboundId: number): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.replyToId, inboundId), eq(messages.direction, "outbound")))
    .orderBy(asc(messages.id));
}

/** Outbound messages after a cursor: how the web chat catches up after a reconnect. */
export async function listOutboundAfter(db: Db, conversationId: string, afterId: number, limit = 100): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "outbound"), gt(messages.id, afterId)))
    .orderBy(asc(messages.id))
    .limit(limit);
}

export async function markSent(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(messages)
    .set({ status: "sent", processedAt: at })
    .where(and(inArray(messages.id, ids), eq(messages.status, "pending")));
}

/** Conversations holding inbound messages accepted before `before` but never handled. */
export async function listConversationsWithUnhandledInbound(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.direction, "inbound"), eq(messages.status, "received"), lt(messages.createdAt, before)))
    .limit(limit);
  return rows.map((row) => row.conversationId);
}

/**
 * Counts a failed attempt on the conversation's unhandled messages; those that failed
 * `maxAttempts` times are set aside as failed so they cannot block the person forever.
 */
export async function recordInboundFailure(db: Db, conversationId: string, error: string, maxAttempts: number, at: Date): Promise<void> {
  const unhandled = and(eq(messages.conversationId, conversationId), eq(messages.direction, "inbound"), eq(messages.status, "received"));
  await db.update(messages).set({ attempts: sql`${messages.attempts} + 1`, lastError: error.slice(0, 500) }).where(unhandled);
  await db
    .update(messages)
    .set({ status: "failed", processedAt: at })
    .where(and(unhandled, gte(messages.attempts, maxAttempts)));
}
