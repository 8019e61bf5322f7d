import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { ConversationStatus } from "./schema/index.ts";
import { conversations } from "./schema/index.ts";

export type ConversationRow = typeof conversations.$inferSelect;

export async function setConversationStatus(db: Db, id: string, status: ConversationStatus, at: Date): Promise<void> {
  await db
    .update(conversations)
    .set({ status, waitingSince: status === "waiting" ? at : null, updatedAt: at, ...(status === "bot" ? { assigneeId: null } : {}) })
    .where(eq(conversations.id, id));
}
