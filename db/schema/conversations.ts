import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sites } from "./booking.ts";
import { channelIdentities, contacts } from "./contacts.ts";
import { staffUsers } from "./staff.ts";

/** Who speaks: the bot only in `bot`; `waiting` for an advisor; `advisor` holds it. */
export const conversationStatus = pgEnum("conversation_status", ["bot", "waiting", "advisor", "closed"]);
export type ConversationStatus = (typeof conversationStatus.enumValues)[number];

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** Null once the person erased their data: nothing can be sent any more. */
    identityId: uuid("identity_id").references(() => channelIdentities.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    status: conversationStatus("status").notNull().default("bot"),
    assigneeId: uuid("assignee_id").references(() => staffUsers.id, { onDelete: "set null" }),
    /** Since when the person waits for an advisor's first answer; null once answered or back with the bot. */
    waitingSince: timestamp("waiting_since", { withTimezone: true }),
    /** The platform whose advisors answer this person: set when a person asks for a human. */
    siteId: text("site_id").references(() => sites.id),
    /** The latest request for a human (kept after release: the console's "all" lists these). */
    handoffRequestedAt: timestamp("handoff_requested_at", { withTimezone: true }),
    /** The person's message that asked for a human: what came after it awaits an answer. */
    handoffMessageId: bigint("handoff_message_id", { mode: "number" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    /** The first advisor reply since the latest request: first-response time is its distance to the request. */
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    /** Inbound messages handled so far; the engine's order of processing. */
    handledCount: integer("handled_count").notNull().default(0),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One open conversation per channel identity: the engine finds it or opens one.
    uniqueIndex("conversations_open_identity_key")
      .on(table.identityId)
      .where(sql`${table.status} <> 'closed'`),
    index("conversations_contact_id_idx").on(table.contactId),
    index("conversations_status_waiting_since_idx").on(table.status, table.waitingSince),
    index("conversations_assignee_id_status_idx").on(table.assigneeId, table.status),
    index("conversations_site_id_handoff_idx").on(table.siteId, table.handoffRequestedAt),
  ],
);
