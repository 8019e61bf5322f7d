import type { LocalizedText } from "../eligibility/types.ts";

/**
 * The booking contract shared by the slot engine (pure), the database, the API and the
 * chat. Times are instants (`Date`, stored as `timestamptz`); wall-clock times and dates
 * are local to Africa/Casablanca, whose offset changes (UTC+1, UTC+0 during Ramadan), so
 * slots are computed from local rules, never stored by hand.
 */

export const BOOKING_TIME_ZONE = "Africa/Casablanca";

/** A platform's place: Minassati in Khouribga, the Learning Center in Laâyoune… */
export interface Site {
  /** Stable slug: `minassati-khouribga`. */
  id: string;
  name: LocalizedText;
  address: LocalizedText;
  /** Province slug (bot/geography), for "the nearest site first". */
  province: string;
  openingHours: LocalizedText;
  phone: string | null;
  /** Programmes whose meetings happen here (catalogue ids). */
  programIds: string[];
  /** Clearly-labelled demo data (embedded mode only). */
  demo: boolean;
}

/** Local wall-clock time `HH:MM` (24 h). */
export type LocalTime = string;
/** Local date `YYYY-MM-DD`. */
export type LocalDate = string;

/** One weekly opening of an advisor at a site: ISO weekday (1 = Monday … 7 = Sunday). */
export interface WeeklyWindow {
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  start: LocalTime;
  end: LocalTime;
}

/**
 * A change to the weekly pattern on one local date: `off` removes time (the whole day
 * when start/end are absent: holiday, leave), `extra` adds a window.
 */
export interface AvailabilityException {
  date: LocalDate;
  kind: "off" | "extra";
  start?: LocalTime;
  end?: LocalTime;
}

/** Everything that decides an advisor's free slots at one site. */
export interface AdvisorSchedule {
  advisorId: string;
  siteId: string;
  weekly: WeeklyWindow[];
  exceptions: AvailabilityException[];
  meetingMinutes: number;
  /** Free time kept after each meeting (and before the next). */
  bufferMinutes: number;
  /** A slot must start at least this long after now. */
  minNoticeMinutes: number;
  /** How far ahead one can book, in days from today (local). */
  horizonDays: number;
  /** Most confirmed meetings per local day for this advisor (all sites together). */
  dailyCap: number;
}

/** A confirmed appointment that blocks an advisor's time. */
export interface BusyInterval {
  advisorId: string;
  start: Date;
  end: Date;
}

export interface Slot {
  siteId: string;
  advisorId: string;
  start: Date;
  end: Date;
}

export const APPOINTMENT_STATUSES = ["confirmed", "cancelled", "attended", "no_show"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
  id: string;
  contactId: string;
  siteId: string;
  advisorId: string;
  start: Date;
  end: Date;
  /** A programme id, or `project` for the person's project sheet. */
  topic: string;
  status: AppointmentStatus;
  cancelReason: string | null;
  changedBy: string | null;
  changedAt: Date;
}

/**
 * How many confirmed meetings still to come one person may hold: at one site, and in all.
 * Sessions are free and anonymous, so without a cap one script could empty a platform's
 * calendar. Checked in the booking transaction itself, under a lock on the person, so no
 * path and no race gets past it. The defaults match BOOKING_MAX_PER_SITE/BOOKING_MAX_TOTAL.
 */
export interface BookingCaps {
  perSite: number;
  total: number;
}

export const DEFAULT_BOOKING_CAPS: BookingCaps = { perSite: 1, total: 2 };
