import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { queryRows, toDate } from "./sql.ts";
import { advisorSites, conversations, staffUsers } from "./schema/index.ts";

export type ConversationRow = typeof conversations.$inferSelect;

/** What a handoff may change on a conversation row (status, assignee and the handoff's clocks). */
export type ConversationPatch = Partial<
  Pick<ConversationRow, "status" | "assigneeId" | "waitingSince" | "siteId" | "handoffRequestedAt" | "handoffMessageId" | "assignedAt" | "firstResponseAt">
>;

/**
 * Locks the conversation row for the rest of the transaction and reads it: the same lock
 * the engine takes for a turn (NO KEY UPDATE, see db/turns.ts), so an advisor's action and
 * a person's message never interleave. Taking it twice in one transaction is harmless.
 */
export async function lockConversation(db: Db, id: string): Promise<ConversationRow | null> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).for("no key update");
  return row ?? null;
}

export async function findConversation(db: Db, id: string): Promise<ConversationRow | null> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  return row ?? null;
}

export async function updateConversation(db: Db, id: string, patch: ConversationPatch, at: Date): Promise<ConversationRow> {
  const [row] = await db.update(conversations).set({ ...patch, updatedAt: at }).where(eq(conversations.id, id)).returning();
  if (!row) throw new Error(`conversation ${id} vanished under its lock`);
  return row;
}

/** An advisor who may be given a conversation of a site, with what they hold now. */
export interface AssignmentCandidate {
  advisorId: string;
  open: number;
  capacity: number;
  lastAssignedAt: Date | null;
}

/** Enabled advisors of the site whose console was seen since `onlineSince`, with their open conversations. */
export async function listAssignmentCandidates(db: Db, siteId: string, onlineSince: Date): Promise<AssignmentCandidate[]> {
  const rows = await queryRows<{ advisor_id: string; open: string | number; capacity: number; last_assigned_at: string | Date | null }>(
    db,
    sql`select u.id as advisor_id, u.max_open_conversations as capacity,
          (select count(*) from conversations c where c.assignee_id = u.id and c.status in ('waiting', 'advisor')) as open,
          (select max(c.assigned_at) from conversations c where c.assignee_id = u.id) as last_assigned_at
        from ${advisorSites} s
        join ${staffUsers} u on u.id = s.staff_user_id
        where s.site_id = ${siteId} and u.role = 'advisor' and u.disabled_at is null
          and u.console_seen_at > ${onlineSince.toISOString()}
        order by u.id`,
  );
  return rows.map((row) => ({
    advisorId: row.advisor_id,
    open: Number(row.open),
    capacity: row.capacity,
    lastAssignedAt: toDate(row.last_assigned_at),
  }));
}

/**
 * Unassigned conversations waiting at the site, oldest first, locked; rows another
 * transaction holds (a person writing right now) are skipped and caught on the next pass.
 */
export function lockUnassignedWaiting(db: Db, siteId: string, limit: number): Promise<ConversationRow[]> {
  return db
    .select()
    .from(conversations)
    .where(and(eq(conversations.siteId, siteId), eq(conversations.status, "waiting"), isNull(conversations.assigneeId)))
    .orderBy(asc(conversations.waitingSince), asc(conversations.id))
    .limit(limit)
    .for("no key update", { skipLocked: true });
}

/** Sites with someone waiting for an advisor and nobody assigned: where auto-assignment has work. */
export async function sitesWithUnassignedWaiting(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ siteId: conversations.siteId })
    .from(conversations)
    .where(and(eq(conversations.status, "waiting"), isNull(conversations.assigneeId)));
  return rows.map((row) => row.siteId).filter((id): id is string => id !== null);
}

/** The sites an advisor works at (advisor_sites). */
export async function siteIdsOfAdvisor(db: Db, advisorId: string): Promise<string[]> {
  const rows = await db.select({ siteId: advisorSites.siteId }).from(advisorSites).where(eq(advisorSites.staffUserId, advisorId));
  return rows.map((row) => row.siteId);
}

/** Marks an advisor's console as open; writes only when the last mark is older than `staleBefore`. Returns whether it wrote. */
export async function touchConsolePresence(db: Db, userId: string, at: Date, staleBefore: Date): Promise<boolean> {
  const rows = await db
    .update(staffUsers)
    .set({ consoleSeenAt: at })
    .where(and(eq(staffUsers.id, userId), sql`(${staffUsers.consoleSeenAt} is null or ${staffUsers.consoleSeenAt} < ${staleBefore.toISOString()})`))
    .returning({ id: staffUsers.id });
  return rows.length > 0;
}

/** Ids of the given conversations that sit at one of `siteIds` (for filtering a live feed). */
export async function conversationSites(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: conversations.id, siteId: conversations.siteId }).from(conversations).where(inArray(conversations.id, ids));
  return new Map(rows.map((row) => [row.id, row.siteId]));
}

