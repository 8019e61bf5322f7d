import { and, asc, eq, gte, inArray, isNull, notInArray } from "drizzle-orm";
import type { AdvisorSchedule, AvailabilityException, LocalDate, WeeklyWindow } from "../bot/booking/types.ts";
import type { Db } from "./client.ts";
import { advisorSites, availabilityExceptions, sites, staffUsers } from "./schema/index.ts";

export type AdvisorSiteRow = typeof advisorSites.$inferSelect;
export type AvailabilityExceptionRow = typeof availabilityExceptions.$inferSelect;

/** An advisor's settings at one site, as staff write them. */
export interface AdvisorSiteSettings {
  siteId: string;
  meetingMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  dailyCap: number;
  weekly: WeeklyWindow[];
}

export interface NewAvailabilityException {
  siteId: string | null;
  date: LocalDate;
  kind: "off" | "extra";
  start?: string | undefined;
  end?: string | undefined;
  note?: string | null | undefined;
}

/**
 * The schedules the slot engine needs: every enabled advisor at every non-archived site
 * (or one site), with their exceptions for that site and for all their sites. `since`
 * leaves out exceptions on earlier local dates.
 */
export async function loadSchedules(db: Db, options: { siteId?: string; since?: LocalDate } = {}): Promise<AdvisorSchedule[]> {
  const rows = await db
    .select({ setting: advisorSites })
    .from(advisorSites)
    .innerJoin(staffUsers, eq(staffUsers.id, advisorSites.staffUserId))
    .innerJoin(sites, eq(sites.id, advisorSites.siteId))
    .where(
      and(
        options.siteId !== undefined ? eq(advisorSites.siteId, options.siteId) : undefined,
        eq(staffUsers.role, "advisor"),
        isNull(staffUsers.disabledAt),
        isNull(sites.archivedAt),
      ),
    )
    .orderBy(asc(advisorSites.siteId), asc(advisorSites.staffUserId));
  if (rows.length === 0) return [];
  const advisorIds = [...new Set(rows.map((row) => row.setting.staffUserId))];
  const exceptions = await db
    .select()
    .from(availabilityExceptions)
    .where(
      and(
        inArray(availabilityExceptions.staffUserId, advisorIds),
        options.since !== undefined ? gte(availabilityExceptions.date, options.since) : undefined,
      ),
    )
    .orderBy(asc(availabilityExceptions.date), asc(availabilityExceptions.startTime));
  return rows.map(({ setting }) => ({
    advisorId: setting.staffUserId,
    siteId: setting.siteId,
    weekly: setting.weekly,
    exceptions: exceptions
      .filter((row) => row.staffUserId === setting.staffUserId && (row.siteId === null || row.siteId === setting.siteId))
      .map(toException),
    meetingMinutes: setting.meetingMinutes,
    bufferMinutes: setting.bufferMinutes,
    minNoticeMinutes: setting.minNoticeMinutes,
    horizonDays: setting.horizonDays,
    dailyCap: setting.dailyCap,
  }));
}

export function toException(row: AvailabilityExceptionRow): AvailabilityException {
  return {
    date: row.date,
    kind: row.kind,
    ...(row.startTime !== null ? { start: row.startTime } : {}),
    ...(row.endTime !== null ? { end: row.endTime } : {}),
  };
}

export async function getAdvisorAvailability(db: Db, advisorId: string): Promise<{ sites: AdvisorSiteRow[]; exceptions: AvailabilityExceptionRow[] }> {
  const [settings, exceptions] = await Promise.all([
    db.select().from(advisorSites).where(eq(advisorSites.staffUserId, advisorId)).orderBy(asc(advisorSites.siteId)),
    db
      .select()
      .from(availabilityExceptions)
      .where(eq(availabilityExceptions.staffUserId, advisorId))
      .orderBy(asc(availabilityExceptions.date), asc(availabilityExceptions.startTime)),
  ]);
  return { sites: settings, exceptions };
}

/**
 * Makes the advisor's sites exactly `settings`: sites left out are removed (their
 * appointments stay), the others inserted or replaced. One transaction.
 */
export async function setAdvisorSites(db: Db, advisorId: string, settings: readonly AdvisorSiteSettings[], at: Date, options: { demo?: boolean } = {}): Promise<AdvisorSiteRow[]> {
  return db.transaction(async (tx) => {
    const keep = settings.map((setting) => setting.siteId);
    await tx
      .delete(advisorSites)
      .where(and(eq(advisorSites.staffUserId, advisorId), keep.length > 0 ? notInArray(advisorSites.siteId, keep) : undefined));
    for (const setting of settings) {
      const values = { ...setting, staffUserId: advisorId, demo: options.demo ?? false, updatedAt: at };
      await tx
        .insert(advisorSites)
        .values({ ...values, createdAt: at })
        .onConflictDoUpdate({ target: [advisorSites.staffUserId, advisorSites.siteId], set: values });
    }
    return tx.select().from(advisorSites).where(eq(advisorSites.staffUserId, advisorId)).orderBy(asc(advisorSites.siteId));
  });
}

export async function addAvailabilityException(db: Db, advisorId: string, exception: NewAvailabilityException, at: Date): Promise<AvailabilityExceptionRow> {
  const [row] = await db
    .insert(availabilityExceptions)
    .values({
      staffUserId: advisorId,
      siteId: exception.siteId,
      date: exception.date,
      kind: exception.kind,
      startTime: exception.start ?? null,
      endTime: exception.end ?? null,
      note: exception.note ?? null,
      createdAt: at,
    })
    .returning();
  if (!row) throw new Error("exception insert returned nothing");
  return row;
}

/** Null when the advisor has no such exception. */
export async function deleteAvailabilityException(db: Db, advisorId: string, exceptionId: string): Promise<AvailabilityExceptionRow | null> {
  const [row] = await db
    .delete(availabilityExceptions)
    .where(and(eq(availabilityExceptions.id, exceptionId), eq(availabilityExceptions.staffUserId, advisorId)))
    .returning();
  return row ?? null;
}
