import { and, asc, eq, sql } from "drizzle-orm";
import type { ConversationEvent, EventActor, MilestoneType } from "../bot/conversation/events.ts";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";
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

/**
 * Appends a funnel milestone once per conversation (key `milestone:<type>`; a second one is
 * a no-op), in one statement. The conversation row fills what the caller does not know:
 * its channel, and its handoff site when no site is given. Returns whether it was new.
 */
export async function appendMilestone(
  db: Db,
  entry: { conversationId: string; type: MilestoneType; actor: EventActor; language: string | null; siteId: string | null; at: Date },
): Promise<boolean> {
  const rows = await queryRows<{ id: unknown }>(
    db,
    sql`insert into conversation_events (conversation_id, contact_id, type, actor_kind, actor_id, data, idempotency_key, at)
        select c.id, c.contact_id, ${entry.type}, ${entry.actor.kind}, ${entry.actor.id},
          jsonb_build_object('channel', c.channel, 'language', ${entry.language}::text, 'siteId', coalesce(${entry.siteId}::text, c.site_id)),
          ${`milestone:${entry.type}`}, ${entry.at.toISOString()}
        from conversations c where c.id = ${entry.conversationId}
        on conflict (conversation_id, idempotency_key) where idempotency_key is not null do nothing
        returning id`,
  );
  return rows.length > 0;
}

/**
 * Where a person's later milestone (attended) belongs: the conversation that booked, else
 * their latest one; with the person's language now. Null for an unknown contact.
 */
export async function findMilestoneConversation(db: Db, contactId: string): Promise<{ conversationId: string; language: string | null } | null> {
  const [row] = await queryRows<{ id: string; language: string | null }>(
    db,
    sql`select c.id, ct.language
        from conversations c join contacts ct on ct.id = c.contact_id
        where c.contact_id = ${contactId}
        order by exists (select 1 from conversation_events e where e.conversation_id = c.id and e.idempotency_key = 'milestone:booked') desc,
          c.created_at desc, c.id desc
        limit 1`,
  );
  return row ? { conversationId: row.id, language: row.language ?? null } : null;
}
