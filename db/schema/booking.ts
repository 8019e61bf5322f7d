import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { WeeklyWindow } from "../../bot/booking/types.ts";
import type { LocalizedText } from "../../bot/eligibility/types.ts";
import { contacts } from "./contacts.ts";
import { staffUsers } from "./staff.ts";

/** A site's texts, one JSON document so a new language or field needs no migration. */
export interface SiteData {
  name: LocalizedText;
  address: LocalizedText;
  openingHours: LocalizedText;
}

/** A platform's place. Archived, never deleted: appointments point at it. */
export const sites = pgTable("sites", {
  /** Stable slug: `minassati-khouribga`. */
  id: text("id").primaryKey(),
  data: jsonb("data").$type<SiteData>().notNull(),
  /** Province slug (bot/geography). */
  province: text("province").notNull(),
  phone: text("phone"),
  programIds: text("program_ids").array().notNull().default(sql`'{}'::text[]`),
  /** Demo data (embedded mode only): easy to find and remove. */
  demo: boolean("demo").notNull().default(false),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An advisor's settings and weekly pattern at one site; slots are computed from these. */
export const advisorSites = pgTable(
  "advisor_sites",
  {
    staffUserId: uuid("staff_user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    meetingMinutes: integer("meeting_minutes").notNull(),
    bufferMinutes: integer("buffer_minutes").notNull().default(0),
    minNoticeMinutes: integer("min_notice_minutes").notNull().default(0),
    horizonDays: integer("horizon_days").notNull(),
    dailyCap: integer("daily_cap").notNull(),
    weekly: jsonb("weekly").$type<WeeklyWindow[]>().notNull().default([]),
    /** Set on the demo advisors' rows (embedded mode only). */
    demo: boolean("demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.staffUserId, table.siteId] }),
    index("advisor_sites_site_id_idx").on(table.siteId),
    check("advisor_sites_minutes_check", sql`${table.meetingMinutes} > 0 and ${table.bufferMinutes} >= 0 and ${table.minNoticeMinutes} >= 0 and ${table.horizonDays} > 0 and ${table.dailyCap} > 0`),
  ],
);

/** Holidays, leave (`off`) and extra openings (`extra`) on one local date. */
export const availabilityExceptions = pgTable(
  "availability_exceptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffUserId: uuid("staff_user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    /** Null: every site of the advisor (leave, a public holiday). */
    siteId: text("site_id").references(() => sites.id, { onDelete: "cascade" }),
    /** Local date (Africa/Casablanca) `YYYY-MM-DD`. */
    date: date("date", { mode: "string" }).notNull(),
    kind: text("kind").$type<"off" | "extra">().notNull(),
    /** Local `HH:MM`; both null on an `off` means the whole day. */
    startTime: text("start_time"),
    endTime: text("end_time"),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("availability_exceptions_staff_user_date_idx").on(table.staffUserId, table.date),
    check("availability_exceptions_kind_check", sql`${table.kind} in ('off', 'extra')`),
    check(
      "availability_exceptions_times_check",
      sql`(${table.startTime} is null) = (${table.endTime} is null) and (${table.kind} = 'off' or ${table.startTime} is not null)`,
    ),
  ],
);

/**
 * A meeting. Two confirmed appointments of one advisor never overlap: the exclusion
 * constraint `appointments_no_overlap` (btree_gist) is written by hand in migration
 * 0002_booking because Drizzle cannot express EXCLUDE; drizzle-kit does not know about it
 * and so never drops it. The code relies on it (SQLSTATE 23P01), not on a prior check.
 */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    // Staff accounts are disabled, not deleted: an appointment keeps its advisor.
    advisorId: uuid("advisor_id")
      .notNull()
      .references(() => staffUsers.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** A programme id, or `project`. */
    topic: text("topic").notNull(),
    status: text("status").$type<"confirmed" | "cancelled" | "attended" | "no_show">().notNull(),
    cancelReason: text("cancel_reason"),
    changedByKind: text("changed_by_kind").$type<"contact" | "staff" | "system">().notNull(),
    /** The contact or staff user (null for the system). */
    changedBy: uuid("changed_by"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The appointment this one replaced (reschedule). */
    rescheduledFrom: uuid("rescheduled_from").references((): AnyPgColumn => appointments.id, { onDelete: "set null" }),
  },
  (table) => [
    index("appointments_contact_id_starts_at_idx").on(table.contactId, table.startsAt),
    index("appointments_advisor_id_starts_at_idx").on(table.advisorId, table.startsAt),
    index("appointments_site_id_starts_at_idx").on(table.siteId, table.startsAt),
    check("appointments_status_check", sql`${table.status} in ('confirmed', 'cancelled', 'attended', 'no_show')`),
    check("appointments_changed_by_kind_check", sql`${table.changedByKind} in ('contact', 'staff', 'system')`),
    check("appointments_time_check", sql`${table.endsAt} > ${table.startsAt}`),
  ],
);

/** Every status an appointment took: who changed it, when, and why. */
export const appointmentEvents = pgTable(
  "appointment_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    status: text("status").$type<"confirmed" | "cancelled" | "attended" | "no_show">().notNull(),
    actorKind: text("actor_kind").$type<"contact" | "staff" | "system">().notNull(),
    actorId: uuid("actor_id"),
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("appointment_events_appointment_id_idx").on(table.appointmentId, table.id)],
);
