import { bigint, customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * Meta's delivery statuses for the messages we sent (sent, delivered, read, failed), one
 * row per message and status: a webhook Meta sends twice, or out of order, changes
 * nothing twice, and the furthest status is read from the rows, not from their order.
 */
export const whatsappStatuses = pgTable(
  "whatsapp_statuses",
  {
    /** Meta's message id (`wamid.…`), as returned by the send. */
    wamid: text("wamid").notNull(),
    status: text("status").notNull(),
    /** When Meta says it happened. */
    at: timestamptz("at"),
    errorCode: integer("error_code"),
    errorTitle: text("error_title"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.wamid, table.status] })],
);

/**
 * Every template sent (a conversation the business opened): Meta's daily tier counts the
 * unique people reached this way in 24 hours, so a broadcast is checked against it.
 */
export const whatsappTemplateSends = pgTable(
  "whatsapp_template_sends",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The person's wa_id (or business-scoped id). */
    externalId: text("external_id").notNull(),
    template: text("template").notNull(),
    /** Meta's id for the template message: its statuses are a template's, never re-sent as one. */
    wamid: text("wamid"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("whatsapp_template_sends_sent_at_idx").on(table.sentAt), index("whatsapp_template_sends_wamid_idx").on(table.wamid)],
);

/**
 * Voice notes and images a consenting person sent, downloaded from Meta by media id and
 * kept until `expiresAt` (for the voice-note work to come), then purged.
 */
export const mediaFiles = pgTable(
  "media_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    messageId: bigint("message_id", { mode: "number" }),
    /** Meta's media id. */
    mediaId: text("media_id").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("media_files_expires_at_idx").on(table.expiresAt), index("media_files_contact_id_idx").on(table.contactId)],
);

function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true });
}
