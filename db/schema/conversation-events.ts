import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts.ts";
import { conversations } from "./conversations.ts";
import { staffUsers } from "./staff.ts";

/**
 * What happened to a conversation, in order, never rewritten: the console's history, the
 * funnel and the broadcasts read this one log. Append-only is enforced by a trigger
 * (migration 0004_console), not by convention. Pseudonymous by design — ids and
 * settings, never what anybody wrote — so the counts survive a person's erasure.
 */
export const conversationEvents = pgTable(
  "conversation_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    /** `handoff_requested`, `assigned`, `taken_over`, `advisor_replied`, … (bot/conversation/events.ts). */
    type: text("type").notNull(),
    /** `contact`, `staff` or `system`. */
    actorKind: text("actor_kind").$type<"contact" | "staff" | "system">().notNull(),
    actorId: uuid("actor_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    /** The writer's key for a request it may send twice (a double click): the second is a no-op. */
    idempotencyKey: text("idempotency_key"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [
    index("conversation_events_conversation_id_id_idx").on(table.conversationId, table.id),
    index("conversation_events_type_at_idx").on(table.type, table.at),
    uniqueIndex("conversation_events_idempotency_key")
      .on(table.conversationId, table.idempotencyKey)
      .where(sql`${table.idempotencyKey} is not null`),
  ],
);

/** Advisors' private notes on a conversation: never sent to the person, erased with their data. */
export const conversationNotes = pgTable(
  "conversation_notes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => staffUsers.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("conversation_notes_conversation_id_idx").on(table.conversationId, table.id)],
);
