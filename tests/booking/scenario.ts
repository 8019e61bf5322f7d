import type { AdvisorSchedule, BusyInterval } from "../../bot/booking/types.ts";
import type { SlotQuery } from "../../bot/booking/slots.ts";

/**
 * One site, two advisors, across the end of Ramadan 2026 (Casablanca back to UTC+1 on
 * Sunday 22 March at 02:00 UTC), with exceptions, an extra window and bookings. Shared by
 * the slot tests and by the script they run under other machine time zones.
 */

/** Monday 16 March 2026, 08:00 in Casablanca (UTC+0, Ramadan). */
export const RAMADAN_NOW = new Date("2026-03-16T08:00:00Z");

const weekdays = (start: string, end: string) => ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, start, end }));

export const RAMADAN_SCHEDULES: AdvisorSchedule[] = [
  {
    advisorId: "advisor-a",
    siteId: "minassati-khouribga",
    weekly: [...weekdays("09:00", "12:00"), ...weekdays("14:00", "16:00")],
    exceptions: [
      { date: "2026-03-18", kind: "off" },
      { date: "2026-03-19", kind: "off", start: "09:00", end: "10:30" },
      { date: "2026-03-21", kind: "extra", start: "10:00", end: "12:00" },
    ],
    meetingMinutes: 45,
    bufferMinutes: 15,
    minNoticeMinutes: 90,
    horizonDays: 10,
    dailyCap: 4,
  },
  {
    advisorId: "advisor-b",
    siteId: "minassati-khouribga",
    weekly: [...weekdays("09:00", "13:00"), { weekday: 6, start: "09:00", end: "11:00" }],
    exceptions: [{ date: "2026-03-23", kind: "off", start: "11:00" }],
    meetingMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    horizonDays: 8,
    dailyCap: 2,
  },
];

export const RAMADAN_BUSY: BusyInterval[] = [
  { advisorId: "advisor-a", start: new Date("2026-03-17T10:00:00Z"), end: new Date("2026-03-17T10:45:00Z") },
  { advisorId: "advisor-b", start: new Date("2026-03-20T09:00:00Z"), end: new Date("2026-03-20T09:30:00Z") },
  { advisorId: "advisor-b", start: new Date("2026-03-20T12:00:00Z"), end: new Date("2026-03-20T12:30:00Z") },
  { advisorId: "advisor-b", start: new Date("2026-03-24T08:00:00Z"), end: new Date("2026-03-24T08:30:00Z") },
];

export const RAMADAN_QUERY: SlotQuery = { schedules: RAMADAN_SCHEDULES, busy: RAMADAN_BUSY, now: RAMADAN_NOW };
