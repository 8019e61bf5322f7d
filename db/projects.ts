import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Canvas } from "../bot/project/types.ts";
import type { Db } from "./client.ts";
import { contacts, projects } from "./schema/index.ts";

export type ProjectRow = typeof projects.$inferSelect;

/** The person's project, or null before they start one. */
export async function getProject(db: Db, contactId: string): Promise<ProjectRow | null> {
  const [row] = await db.select().from(projects).where(eq(projects.contactId, contactId)).limit(1);
  return row ?? null;
}

/**
 * Writes the whole canvas (the flow merges answers and sends the result). One row per
 * person: the first answer creates it, later ones replace the canvas.
 */
export async function saveCanvas(db: Db, contactId: string, canvas: Canvas, at: Date): Promise<void> {
  await db
    .insert(projects)
    .values({ contactId, canvas, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: projects.contactId, set: { canvas, updatedAt: at } });
}

/** A fresh unguessable link token for the sheet (a new one replaces a revoked one). */
export function newSheetToken(): string {
  return randomBytes(18).toString("base64url");
}

/** Publishes the sheet under `token` (kept if one is already live), returns the live token. */
export async function publishSheet(db: Db, contactId: string, token: string, at: Date): Promise<string> {
  const existing = await getProject(db, contactId);
  if (existing?.sheetToken && !existing.sheetRevokedAt) return existing.sheetToken;
  await db
    .insert(projects)
    .values({ contactId, sheetToken: token, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: projects.contactId, set: { sheetToken: token, sheetRevokedAt: null, updatedAt: at } });
  return token;
}

/** The link stops working at once (404); asking again gives a new link. */
export async function revokeSheet(db: Db, contactId: string, at: Date): Promise<void> {
  await db.update(projects).set({ sheetRevokedAt: at, updatedAt: at }).where(eq(projects.contactId, contactId));
}

export interface PublishedSheet {
  project: ProjectRow;
  contact: { id: string; language: string | null; firstName: string | null; profile: typeof contacts.$inferSelect.profile };
}

/** The project behind a live sheet link, or null (unknown, revoked, or the person erased). */
export async function findPublishedSheet(db: Db, token: string): Promise<PublishedSheet | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const [row] = await db
    .select({ project: projects, contact: { id: contacts.id, language: contacts.language, firstName: contacts.firstName, profile: contacts.profile } })
    .from(projects)
    .innerJoin(contacts, eq(contacts.id, projects.contactId))
    .where(and(eq(projects.sheetToken, token), isNull(projects.sheetRevokedAt), isNull(contacts.erasedAt)))
    .limit(1);
  return row ?? null;
}

/**
 * Counts one coach call against the person's daily budget: true when it is allowed (and
 * counted), false when today's calls are used up. Atomic, so parallel messages cannot
 * overspend.
 */
export async function takeCoachCall(db: Db, contactId: string, localDay: string, limit: number, at: Date): Promise<boolean> {
  await db.insert(projects).values({ contactId, createdAt: at, updatedAt: at }).onConflictDoNothing({ target: projects.contactId });
  const updated = await db
    .update(projects)
    .set({
      coachCalls: sql`case when ${projects.coachDay} = ${localDay}::date then ${projects.coachCalls} + 1 else 1 end`,
      coachDay: localDay,
      updatedAt: at,
    })
    .where(and(eq(projects.contactId, contactId), sql`(${projects.coachDay} is distinct from ${localDay}::date or ${projects.coachCalls} < ${limit})`))
    .returning({ id: projects.id });
  return updated.length > 0;
}

/** Erasure: the canvas is personal data. */
export async function deleteProjects(db: Db, contactIds: string[]): Promise<void> {
  if (contactIds.length > 0) await db.delete(projects).where(inArray(projects.contactId, contactIds));
}
