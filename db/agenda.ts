import { and, asc, desc, eq, gt, inArray, lt } from "drizzle-orm";
import type { AppointmentStatus } from "../bot/booking/types.ts";
import type { BookedAppointment } from "./booking.ts";
import { toAppointment } from "./booking.ts";
import type { Db } from "./client.ts";
import type { ContactProfile, RecordedVerdict, SiteData } from "./schema/index.ts";
import { appointments, contacts, eligibilityChecks, projects, sites, staffUsers } from "./schema/index.ts";

/** One line of an advisor's day: the meeting and what they need to know about the person. */
export interface AgendaEntry {
  appointment: BookedAppointment;
  site: { id: string; name: SiteData["name"] };
  advisor: { id: string; name: string };
  contact: { id: string; firstName: string | null; language: string | null; profile: ContactProfile; erased: boolean };
  /** The person's latest eligibility check, or null. */
  eligibility: { checkedAt: Date; results: RecordedVerdict[] } | null;
  /** The live project sheet's token (`/p/<token>`), or null when there is none or it was revoked. */
  sheetToken: string | null;
}

/** Appointments overlapping [from, to), of one advisor or all (or one appointment), by start time. */
export async function listAgenda(
  db: Db,
  filter: { advisorId?: string; appointmentId?: string; from?: Date; to?: Date; statuses?: readonly AppointmentStatus[] },
): Promise<AgendaEntry[]> {
  const rows = await db
    .select({
      appointment: appointments,
      siteData: sites.data,
      advisorName: staffUsers.name,
      contact: contacts,
      sheetToken: projects.sheetToken,
      sheetRevokedAt: projects.sheetRevokedAt,
    })
    .from(appointments)
    .innerJoin(sites, eq(sites.id, appointments.siteId))
    .innerJoin(staffUsers, eq(staffUsers.id, appointments.advisorId))
    .innerJoin(contacts, eq(contacts.id, appointments.contactId))
    .leftJoin(projects, eq(projects.contactId, appointments.contactId))
    .where(
      and(
        filter.advisorId !== undefined ? eq(appointments.advisorId, filter.advisorId) : undefined,
        filter.appointmentId !== undefined ? eq(appointments.id, filter.appointmentId) : undefined,
        filter.from !== undefined ? gt(appointments.endsAt, filter.from) : undefined,
        filter.to !== undefined ? lt(appointments.startsAt, filter.to) : undefined,
        filter.statuses !== undefined ? inArray(appointments.status, [...filter.statuses]) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
  const latest = await latestEligibility(db, [...new Set(rows.map((row) => row.contact.id))]);
  return rows.map((row) => ({
    appointment: toAppointment(row.appointment),
    site: { id: row.appointment.siteId, name: row.siteData.name },
    advisor: { id: row.appointment.advisorId, name: row.advisorName },
    contact: {
      id: row.contact.id,
      firstName: row.contact.firstName,
      language: row.contact.language,
      profile: row.contact.profile,
      erased: row.contact.erasedAt !== null,
    },
    eligibility: latest.get(row.contact.id) ?? null,
    sheetToken: row.sheetToken && !row.sheetRevokedAt ? row.sheetToken : null,
  }));
}

export async function latestEligibility(db: Db, contactIds: string[]): Promise<Map<string, { checkedAt: Date; results: RecordedVerdict[] }>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([eligibilityChecks.contactId], {
      contactId: eligibilityChecks.contactId,
      createdAt: eligibilityChecks.createdAt,
      results: eligibilityChecks.results,
    })
    .from(eligibilityChecks)
    .where(inArray(eligibilityChecks.contactId, contactIds))
    .orderBy(eligibilityChecks.contactId, desc(eligibilityChecks.createdAt));
  const latest = new Map<string, { checkedAt: Date; results: RecordedVerdict[] }>();
  for (const row of rows) if (row.contactId) latest.set(row.contactId, { checkedAt: row.createdAt, results: row.results });
  return latest;
}
