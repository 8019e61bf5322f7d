import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { queryRows } from "./sql.ts";

/**
 * The channel of the console's live feed. A NOTIFY sent inside a transaction reaches
 * listeners only when it commits (and never when it rolls back), in every process on the
 * database — PostgreSQL and PGlite alike — so a console sees a change once it is true.
 */
export const CONVERSATION_CHANNEL = "rafiq_conversations";

/** Tells every console that this conversation changed (the payload is its id only: no personal data). */
export async function notifyConversationChanged(db: Db, conversationId: string): Promise<void> {
  await queryRows(db, sql`select pg_notify(${CONVERSATION_CHANNEL}, ${conversationId})`, { prepare: "rafiq_notify_conversation" });
}
