import type { Profile } from "../../bot/eligibility/types.ts";
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Profile fields the journeys collect (eligibility, project, booking). Kept as one JSON
 * document so a new journey can add a field without a migration; each field is validated
 * by the flow that writes it. Empty until the person consents (law 09-08). The fields are
 * the eligibility engine's vocabulary (bot/eligibility/types.ts).
 */
export type ContactProfile = Profile;

export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** `fr`, `ar` or `ary` (Darija) — the external language code. */
    language: text("language"),
    firstName: text("first_name"),
    phone: text("phone"),
    profile: jsonb("profile").$type<ContactProfile>().notNull().default({}),
    consentVersion: text("consent_version"),
    consentedAt: timestamp("consented_at", { withTimezone: true }),
    consentRefusedAt: timestamp("consent_refused_at", { withTimezone: true }),
    /** Stopped announcements ("stop"); replies to their own messages still go out. */
    optedOut: boolean("opted_out").notNull().default(false),
    optedOutAt: timestamp("opted_out_at", { withTimezone: true }),
    /** Which platform or poster brought the person (deep link payload), if any. */
    entryPoint: text("entry_point"),
    /** The channel refused delivery for good (e.g. the bot was blocked). */
    unreachableAt: timestamp("unreachable_at", { withTimezone: true }),
    /** Personal data erased on request; the row stays for anonymous counts. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("contacts_created_at_idx").on(table.createdAt)],
);

export const channelIdentities = pgTable(
  "channel_identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** `web`, `cli`, `telegram`, `whatsapp`. */
    channel: text("channel").notNull(),
    /** The channel's own id for the person (Telegram chat id, WhatsApp id, web token). */
    externalId: text("external_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * When the person last wrote on this address (the channel's own time): WhatsApp's
     * 24-hour customer-service window runs from it (bot/conversation/message-window.ts).
     */
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("channel_identities_channel_external_id_key").on(table.channel, table.externalId),
    index("channel_identities_contact_id_idx").on(table.contactId),
  ],
);

