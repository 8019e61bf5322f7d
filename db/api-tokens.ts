import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "./client.ts";
import { apiTokens, staffUsers, type ApiTokenScope } from "./schema/index.ts";
import type { StaffUserRow } from "./staff.ts";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export interface NewApiToken {
  name: string;
  tokenHash: string;
  prefix: string;
  userId: string;
  scope: ApiTokenScope;
  at: Date;
  expiresAt: Date;
}

export async function insertApiToken(db: Db, token: NewApiToken): Promise<ApiTokenRow | null> {
  const { at, ...rest } = token;
  const [row] = await db.insert(apiTokens).values({ ...rest, createdAt: at }).returning();
  return row ?? null;
}

export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<{ token: ApiTokenRow; user: StaffUserRow } | null> {
  const [row] = await db
    .select({ token: apiTokens, user: staffUsers })
    .from(apiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | null> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return row ?? null;
}

/** Null when there is no such token or it was already revoked (the first revocation wins). */
export async function revokeApiToken(db: Db, id: string, at: Date): Promise<ApiTokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

/** Only writes when never used or last used before `staleBefore`: one write a minute at most. */
export async function touchApiToken(db: Db, id: string, at: Date, staleBefore: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
}
