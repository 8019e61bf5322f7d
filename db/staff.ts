import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import type { StaffRole } from "./schema/index.ts";
import { staffSessions, staffUsers } from "./schema/index.ts";

export type StaffUserRow = typeof staffUsers.$inferSelect;
export type StaffSessionRow = typeof staffSessions.$inferSelect;

// Emails are unique case-insensitively (index on lower(email)); lookups match that.
const emailMatches = (email: string) => sql`lower(${staffUsers.email}) = lower(${email})`;

export async function findStaffUserByEmail(db: Db, email: string): Promise<StaffUserRow | null> {
  const [row] = await db.select().from(staffUsers).where(emailMatches(email)).limit(1);
  return row ?? null;
}

export async function findStaffUserById(db: Db, id: string): Promise<StaffUserRow | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return row ?? null;
}

export function listStaffUsers(db: Db): Promise<StaffUserRow[]> {
  return db.select().from(staffUsers).orderBy(asc(staffUsers.createdAt), asc(staffUsers.email));
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  at: Date;
  /** Defaults to the column's default (5). */
  maxOpenConversations?: number;
}

/** Null when the email is taken: the unique index decides, so concurrent creates are safe. */
export async function insertStaffUser(db: Db, user: NewStaffUser): Promise<StaffUserRow | null> {
  const [row] = await db
    .insert(staffUsers)
    .values({
      email: user.email,
      name: user.name,
      role: user.role,
      passwordHash: user.passwordHash,
      ...(user.maxOpenConversations !== undefined ? { maxOpenConversations: user.maxOpenConversations } : {}),
      createdAt: user.at,
      updatedAt: user.at,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export type StaffUserPatch = Partial<Pick<StaffUserRow, "name" | "role" | "disabledAt" | "lastLoginAt" | "maxOpenConversations" | "passwordHash">>;

export async function updateStaffUser(db: Db, id: string, patch: StaffUserPatch, at: Date): Promise<StaffUserRow | null> {
  const [row] = await db.update(staffUsers).set({ ...patch, updatedAt: at }).where(eq(staffUsers.id, id)).returning();
  return row ?? null;
}

/**
 * Locks every enabled admin row, in id order so that concurrent callers queue instead of
 * deadlocking: two admins demoting each other at once cannot both pass a "last admin" check.
 */
export function lockActiveAdmins(db: Db): Promise<StaffUserRow[]> {
  return db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "admin"), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.id))
    .for("update");
}

export async function lockStaffUser(db: Db, id: string): Promise<StaffUserRow | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).for("update");
  return row ?? null;
}

export async function findActiveAdmin(db: Db): Promise<StaffUserRow | null> {
  const [row] = await db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "admin"), isNull(staffUsers.disabledAt)))
    .limit(1);
  return row ?? null;
}

export interface NewStaffSession {
  tokenHash: string;
  userId: string;
  at: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertStaffSession(db: Db, session: NewStaffSession): Promise<StaffSessionRow | null> {
  const { at, ...rest } = session;
  const [row] = await db.insert(staffSessions).values({ ...rest, createdAt: at, lastUsedAt: at }).returning();
  return row ?? null;
}

export async function findStaffSession(
  db: Db,
  tokenHash: string,
): Promise<{ session: StaffSessionRow; user: StaffUserRow } | null> {
  const [row] = await db
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(eq(staffSessions.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

/** Only writes when the stored time is older than `staleBefore`, to spare a write per request. */
export async function touchStaffSession(db: Db, tokenHash: string, at: Date, staleBefore: Date): Promise<void> {
  await db
    .update(staffSessions)
    .set({ lastUsedAt: at })
    .where(and(eq(staffSessions.tokenHash, tokenHash), lt(staffSessions.lastUsedAt, staleBefore)));
}

export async function deleteStaffSession(db: Db, tokenHash: string): Promise<StaffSessionRow | null> {
  const [row] = await db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash)).returning();
  return row ?? null;
}

export async function deleteStaffSessionsOfUser(db: Db, userId: string): Promise<number> {
  const rows = await db.delete(staffSessions).where(eq(staffSessions.userId, userId)).returning({ tokenHash: staffSessions.tokenHash });
  return rows.length;
}

/** Names of the given staff accounts, by id (for showing who did what). */
export async function staffNamesByIds(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: staffUsers.id, name: staffUsers.name }).from(staffUsers).where(inArray(staffUsers.id, unique));
  return new Map(rows.map((row) => [row.id, row.name]));
}
