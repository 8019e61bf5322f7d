import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Profile, Reason, Verdict } from "../../bot/eligibility/types.ts";
import type { VerdictLabel } from "../../bot/eligibility/verdict-label.ts";
import type { Program } from "../../bot/programs/types.ts";
import { contacts } from "./contacts.ts";
import { staffUsers } from "./staff.ts";

/**
 * The catalogue: one row per programme holding its current version as one JSON document
 * (validated by programSchema before every write), so a new programme field needs no
 * migration. Programmes are archived, never deleted: verdicts and history point at them.
 */
export const programs = pgTable("programs", {
  id: text("id").primaryKey(),
  /** Bumped on every change (edit, archive, restore); verdicts record it as rulesVersion. */
  version: integer("version").notNull(),
  data: jsonb("data").$type<Program>().notNull(),
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => staffUsers.id, { onDelete: "set null" }),
});

export const PROGRAM_CHANGES = ["seeded", "created", "updated", "archived", "restored"] as const;
export type ProgramChange = (typeof PROGRAM_CHANGES)[number];

/** Every version a programme has had: who changed it, when, and what it became. */
export const programVersions = pgTable(
  "program_versions",
  {
    programId: text("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    data: jsonb("data").$type<Program>().notNull(),
    change: text("change").$type<ProgramChange>().notNull(),
    changedBy: uuid("changed_by").references(() => staffUsers.id, { onDelete: "set null" }),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.programId, table.version] })],
);

/** One programme's verdict as recorded: which version of its rules produced it. */
export interface RecordedVerdict {
  programId: string;
  rulesVersion: number;
  verdict: Verdict;
  /** The label the person read (eligible, to check, nearly, not eligible); absent in records older than it. */
  label?: VerdictLabel;
  /** The reason that decided it, as the engine gave it (rendered in each reader's language). */
  reason?: Reason | null;
}

/** Eligibility answers given to a person (chat) or asked anonymously (contact null). */
export const eligibilityChecks = pgTable(
  "eligibility_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    channel: text("channel"),
    lang: text("lang").notNull(),
    profile: jsonb("profile").$type<Profile>().notNull(),
    results: jsonb("results").$type<RecordedVerdict[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("eligibility_checks_contact_id_idx").on(table.contactId)],
);
