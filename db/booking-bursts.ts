import { and, count, desc, eq, gte, inArray } from "drizzle-orm";
import type { BookedAppointment } from "./booking.ts";
import { listAppointments } from "./booking.ts";
import type { Db } from "./client.ts";
import { appointments, contacts } from "./schema/index.ts";

export interface BookingBurst {
  contactId: string;
  firstName: string | null;
  /** Meetings this person booked since `since` (moves count: each is a new booking). */
  booked: number;
  /** Their confirmed meetings that have not ended. */
  upcoming: BookedAppointment[];
}

/** People who booked at least `min` meetings since `since`, most first (at most `limit`). */
export async function listBookingBursts(db: Db, params: { since: Date; min: number; now: Date; limit: number }): Promise<BookingBurst[]> {
  const booked = count();
  const rows = await db
    .select({ contactId: appointments.contactId, booked })
    .from(appointments)
    .where(gte(appointments.createdAt, params.since))
    .groupBy(appointments.contactId)
    .having(gte(booked, params.min))
    .orderBy(desc(booked))
    .limit(params.limit);
  if (rows.length === 0) return [];
  const names = await db.select({ id: contacts.id, firstName: contacts.firstName }).from(contacts).where(inArray(contacts.id, rows.map((row) => row.contactId)));
  const nameOf = new Map(names.map((row) => [row.id, row.firstName]));
  return Promise.all(
    rows.map(async (row) => ({
      contactId: row.contactId,
      firstName: nameOf.get(row.contactId) ?? null,
      booked: row.booked,
      upcoming: await listAppointments(db, { contactId: row.contactId, from: params.now, statuses: ["confirmed"] }),
    })),
  );
}

/** The person's confirmed meetings that have not ended, ids only (to cancel them one by one). */
export async function upcomingAppointmentIds(db: Db, contactId: string, now: Date): Promise<string[]> {
  const rows = await listAppointments(db, { contactId, from: now, statuses: ["confirmed"] });
  return rows.map((row) => row.id);
}

export async function contactExists(db: Db, contactId: string): Promise<boolean> {
  const [row] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.id, contactId)));
  return row !== undefined;
}
