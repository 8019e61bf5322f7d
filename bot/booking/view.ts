import { readSites } from "../flows/answers/sites.ts";
import type { Db } from "../../db/client.ts";
import { appointmentsOfContact, busyIntervals } from "../../db/booking.ts";
import { loadSchedules } from "../../db/availability.ts";
import { listSites, toSite } from "../../db/sites.ts";
import { computeSlots } from "./slots.ts";
import { DEFAULT_BOOKING_CAPS, type Appointment, type BookingCaps, type BusyInterval, type Site, type Slot } from "./types.ts";

/**
 * What the booking flow may read, loaded by the engine before the step (flows stay pure):
 * the sites, the person's upcoming appointments and, once a site is chosen, its free
 * slots. Loaded only for turns that touch booking (see `bookingNeeds` in the flow).
 */
export interface BookingView {
  sites: readonly Site[];
  /** The person's confirmed appointments that have not ended, soonest first. */
  appointments: readonly Appointment[];
  /** The site whose slots are loaded, if any. */
  siteId: string | null;
  /** Free slots at that site, from now to the furthest horizon of its advisors. */
  slots: readonly Slot[];
  /** The advisors' taken time (to spread meetings fairly among them). */
  busy: readonly BusyInterval[];
  /** How many meetings to come one person may hold (the booking transaction enforces it too). */
  caps: BookingCaps;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `appointmentId` meaning "the person's next meeting" (a typed "I want to move my meeting" names none). */
export const NEXT_APPOINTMENT = "next";

export async function loadBookingView(
  db: Db,
  input: { contactId: string; siteId: string | null; appointmentId: string | null; siteText?: string; now: Date; caps?: BookingCaps },
): Promise<BookingView> {
  const caps = input.caps ?? DEFAULT_BOOKING_CAPS;
  const siteRows = await listSites(db);
  const appointments = await appointmentsOfContact(db, input.contactId, input.now);
  const sites = siteRows.map(toSite);
  const wanted = input.appointmentId === NEXT_APPOINTMENT ? appointments[0]?.id : input.appointmentId;
  const named = !input.siteId && input.siteText ? readSites(input.siteText, sites) : null;
  const siteId = input.siteId ?? appointments.find((appointment) => appointment.id === wanted)?.siteId ?? (named?.ids.length === 1 ? named.ids[0]! : null);
  if (!siteId || !sites.some((site) => site.id === siteId)) {
    return { sites, appointments, siteId: null, slots: [], busy: [], caps };
  }
  const schedules = await loadSchedules(db, { siteId });
  const horizonDays = Math.max(0, ...schedules.map((schedule) => schedule.horizonDays));
  const to = new Date(input.now.getTime() + (horizonDays + 2) * DAY_MS);
  const busy = await busyIntervals(db, [...new Set(schedules.map((schedule) => schedule.advisorId))], new Date(input.now.getTime() - DAY_MS), to);
  const slots = computeSlots({ schedules, busy, now: input.now });
  return { sites, appointments, siteId, slots, busy, caps };
}
