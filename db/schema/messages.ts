import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./conversations.ts";
import { staffUsers } from "./staff.ts";

export const messageDirection = pgEnum("message_direction", ["inbound", "outbound"]);
export const messageAuthor = pgEnum("message_author", ["contact", "bot", "advisor", "system"]);
/**
 * inbound: received -> processed (or failed after retries)
 * outbound (the outbox): pending -> sent -> delivered (or failed after retries)
 */
export const messageStatus = pgEnum("message_status", ["received", "processed", "pending", "sent", "delivered", "failed"]);
export type MessageStatus = (typeof messageStatus.enumValues)[number];

export const messages = pgTable(
  "messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    direction: messageDirection("direction").notNull(),
    author: messageAuthor("author").notNull(),
    authorStaffId: uuid("author_staff_id").references(() => staffUsers.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    /** The channel's id for this message: dedupes inbound, tracks delivery outbound. */
    channelMessageId: text("channel_message_id"),
    /** `text`, `choice`, `sticker`, … inbound; the outbound message kind outbound. */
    kind: text("kind").notNull(),
    /** Inbound or Outbound payload; null when redacted (no consent, or erased). */
    content: jsonb("content").$type<Record<string, unknown>>(),
    /** For outbound: the inbound message that caused it. */
    replyToId: bigint("reply_to_id", { mode: "number" }),
    status: messageStatus("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastError: text("last_error"),
    /**
     * Outbound, still pending: the channel cannot carry it until the person writes again
     * (WhatsApp's 24-hour window closed; its template notice went instead). Not sent, not
     * in the way of later messages; released by the person's next message.
     */
    heldAt: timestamp("held_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (table) => [
    // A channel that re-sends a message (slow webhook, client retry) is answered once.
    uniqueIndex("messages_inbound_channel_message_key")
      .on(table.channel, table.channelMessageId)
      .where(sql`${table.direction} = 'inbound' and ${table.channelMessageId} is not null`),
    index("messages_conversation_id_id_idx").on(table.conversationId, table.id),
    index("messages_reply_to_id_idx").on(table.replyToId),
    // WhatsApp's delivery statuses name our outbound messages by the channel's id.
    index("messages_outbound_channel_message_idx")
      .on(table.channelMessageId)
      .where(sql`${table.direction} = 'outbound' and ${table.channelMessageId} is not null`),
    // Unfinished rows only, led by the conversation: a turn reads its conversation's
    // messages to handle and the outbox its replies to send without stepping over other
    // conversations' entries — dead ones included, which a busy table keeps until vacuum.
    // The sweeps (due replies, messages nobody handled) read them whole; they stay small.
    index("messages_pending_outbound_idx")
      .on(table.conversationId, table.id)
      .where(sql`${table.direction} = 'outbound' and ${table.status} = 'pending' and ${table.heldAt} is null`),
    index("messages_received_inbound_idx")
      .on(table.conversationId, table.id)
      .where(sql`${table.direction} = 'inbound' and ${table.status} = 'received'`),
  ],
);
