import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { ConversationStatus } from "./schema/index.ts";
import { conversations } from "./schema/index.ts";

export type ConversationRow = typeof conversations.$inferSelect;

/**
 * Locks the conversation row until the transaction ends. This is what serialises one
 * person's messages across every app process sharing the database.
 */
export async function lockConversation(db: Db, id: string): Promise<ConversationRow | null> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).for("update");
  return row ?? null;
}

export async function updateConversation(
  db: Db,
  id: string,
  patch: Partial<Pick<ConversationRow, "status" | "waitingSince" | "assigneeId" | "lastMessageAt" | "handledCount">> & { updatedAt: Date },
): Promise<void> {
  await db.update(conversations).set(patch).where(eq(conversations.id, id));
}

export async function findConversation(db: Db, id: string): Promise<ConversationRow | null> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return row ?? null;
}

export async function setConversationStatus(db: Db, id: string, status: ConversationStatus, at: Date): Promise<void> {
  await db
    .update(conversations)
    .set({ status, waitingSince: status === "waiting" ? at : null, updatedAt: at, ...(status === "bot" ? { assigneeId: null } : {}) })
    .where(eq(conversations.id, id));
}
