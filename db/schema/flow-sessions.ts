import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./conversations.ts";

/** One flow session per conversation: where the person is in which journey. */
export const flowSessions = pgTable("flow_sessions", {
  conversationId: uuid("conversation_id")
    .primaryKey()
    .references(() => conversations.id, { onDelete: "cascade" }),
  flow: text("flow").notNull(),
  step: text("step").notNull(),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  /** Bumped on each write: a stale writer is detected rather than overwriting. */
  version: integer("version").notNull().default(1),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
