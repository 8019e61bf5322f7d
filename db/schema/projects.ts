import { date, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Canvas } from "../../bot/project/types.ts";
import { contacts } from "./contacts.ts";

/**
 * A person's project (AGR) canvas: one current project per person, kept across channels
 * and sessions so they can stop and come back days later. The project sheet is readable
 * at `/p/<sheet_token>` until revoked. The coach's daily budget is counted here too.
 */
export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    canvas: jsonb("canvas").$type<Canvas>().notNull().default({}),
    /** Unguessable (random, 128 bits or more); null until the person asks for the sheet. */
    sheetToken: text("sheet_token"),
    sheetRevokedAt: timestamp("sheet_revoked_at", { withTimezone: true }),
    /** The local day (Africa/Casablanca) the coach counter is for, and the calls made that day. */
    coachDay: date("coach_day", { mode: "string" }),
    coachCalls: integer("coach_calls").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("projects_contact_id_key").on(table.contactId), uniqueIndex("projects_sheet_token_key").on(table.sheetToken)],
);
