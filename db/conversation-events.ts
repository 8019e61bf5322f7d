import { and, asc, eq } from "drizzle-orm";
import type { ConversationEvent, EventActor } from "../bot/conversation/events.ts";
import type { Db } from "./client.ts";
import { conversationEvents, conversationNotes } from "./schema/index.ts";

export type ConversationEventRow = typeof conversationEvents.$inferSelect;

/**
 * Appends one event. With an idempotency key already used on this conversation, nothing
 * is written and null comes back: the caller is seeing its own request a second time.
 */
export async function appendEvent(
  db: Db,
  entry: { conversationId: string; contactId: string; actor: EventActor; event: ConversationEvent; at: Date; idempotencyKey?: string },
): Promise<ConversationEventRow | null> {
  const { type, ...data } = entry.event;
  const [row] = await db
    .insert(conversationEvents)
    .values({
      conversationId: entry.conversationId,
      contactId: entry.contactId,
      type,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      data,
      idempotencyKey: entry.idempotencyKey ?? null,
      at: entry.at,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The event a writer already recorded under this key, if any (read under the conversation's lock). */
export async function findEventByKey(db: Db, conversationId: string, idempotencyKey: string): Promise<ConversationEventRow | null> {
  const [row] = await db
    .select()
    .from(conversationEvents)
    .where(and(eq(conversationEvents.conversationId, conversationId), eq(conversationEvents.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row ?? null;
}

export async function insertNote(db: Db, note: { conversationId: string; authorId: string; text: string; at: Date }): Promise<number> {
  const [row] = await db
    .insert(conversationNotes)
    .values({ conversationId: note.conversationId, authorId: note.authorId, text: note.text, createdAt: note.at })
    .returning({ id: conversationNotes.id });
  if (!row) throw new Error("note insert returned nothing");
  return row.id;
}

export function listEvents(db: Db, conversationId: string): Promise<ConversationEventRow[]> {
  return db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, conversationId)).orderBy(asc(conversationEvents.id));
}
