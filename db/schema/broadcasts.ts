import { sql } from "drizzle-orm";
import { bigint, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { BroadcastAction, BroadcastTexts, Segment } from "../../bot/broadcast/types.ts";
import { contacts } from "./contacts.ts";
import { conversations } from "./conversations.ts";
import { messages } from "./messages.ts";
import { staffUsers } from "./staff.ts";

export type BroadcastStatus = "draft" | "scheduled" | "sending" | "sent" | "cancelled";

/**
 * An announcement from programme staff: one text per language, an optional button that
 * opens a journey, who it is for (a segment, evaluated when it starts) and when.
 */
export const broadcasts = pgTable(
  "broadcasts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** For staff only (the list in the console); never sent. */
    title: text("title").notNull(),
    texts: jsonb("texts").$type<BroadcastTexts>().notNull(),
    action: text("action").$type<BroadcastAction>(),
    segment: jsonb("segment").$type<Segment>().notNull(),
    status: text("status").$type<BroadcastStatus>().notNull().default("draft"),
    /** When it goes (null: a draft, or sent at once). */
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    /** When the segment was evaluated into recipients. */
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    recipientCount: integer("recipient_count"),
    createdBy: uuid("created_by").references(() => staffUsers.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    check("broadcasts_status_check", sql`${table.status} in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')`),
    index("broadcasts_created_at_idx").on(table.createdAt),
  ],
);

export type RecipientStatus = "pending" | "sending" | "sent" | "failed" | "skipped" | "uncertain" | "cancelled";

/**
 * One row per person a broadcast goes to: the unit of exactly-once delivery. A row is
 * claimed (`sending`, with a lease) before its send and settled after it in one
 * transaction with the message it wrote. A row found `sending` after its lease (the
 * process died during that one send) becomes `uncertain`, never sent again: whether the
 * channel got it cannot be known, and a second copy is worse than a gap staff can see.
 */
export const broadcastRecipients = pgTable(
  "broadcast_recipients",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    broadcastId: uuid("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    /** The language the person gets, fixed at fan-out. */
    language: text("language").notNull(),
    status: text("status").$type<RecipientStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Pending: not before then (a retry). Sending: the claim's lease. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** The message written into the person's conversation. */
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "set null" }),
    /** `blocked`, `unreachable`, `opted_out`, `erased`, `rejected: …`. */
    reason: text("reason"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("broadcast_recipients_broadcast_contact_key").on(table.broadcastId, table.contactId),
    index("broadcast_recipients_due_idx")
      .on(table.channel, table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'sending')`),
    index("broadcast_recipients_contact_idx").on(table.contactId),
    // Delivery statuses (WhatsApp) reach the recipient through its message.
    index("broadcast_recipients_message_idx").on(table.messageId),
    // The senders' claim: the next pending person of a channel, in id order (10,000 queued cost what 10 do).
    index("broadcast_recipients_pending_idx")
      .on(table.channel, table.id)
      .where(sql`${table.status} = 'pending'`),
    check(
      "broadcast_recipients_status_check",
      sql`${table.status} in ('pending', 'sending', 'sent', 'failed', 'skipped', 'uncertain', 'cancelled')`,
    ),
  ],
);

/**
 * Token buckets shared by every process (one row per channel account): a send takes a
 * token in one UPDATE, so the configured rate holds however many processes send. A 429
 * pauses the whole bucket (`pausedUntil`), as Telegram asks.
 */
export const rateBuckets = pgTable("rate_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  refilledAt: timestamp("refilled_at", { withTimezone: true }).notNull(),
  pausedUntil: timestamp("paused_until", { withTimezone: true }),
});
