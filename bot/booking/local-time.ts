import type { LocalDate, LocalTime } from "./types.ts";
import { BOOKING_TIME_ZONE } from "./types.ts";

/**
 * Instants ⇄ Africa/Casablanca wall-clock dates and times, through Intl and the tz data
 * Node ships with (no library). Casablanca is UTC+1, but UTC+0 during Ramadan; the dates
 * of the switch come from the tz data, so nothing here hard-codes them. Never reads the
 * machine's time zone: every result is the same under any `TZ`.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets are cached per quarter hour of UTC: tz transitions fall on :00, :15, :30 or :45. */
const BUCKET_MS = 15 * MINUTE_MS;
const CACHE_LIMIT = 20_000;

const CLOCK = new Intl.DateTimeFormat("en-US", {
  timeZone: BOOKING_TIME_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

const offsetByBucket = new Map<number, number>();
/** Per UTC day: its one offset, or null on a day the offset changes (then per quarter hour). */
const offsetByDay = new Map<number, number | null>();

/** Casablanca's offset from UTC at an instant, in minutes (60 most of the year, 0 in Ramadan). */
export function offsetMinutesAt(instant: Date): number {
  return offsetAtMs(instant.getTime());
}

/**
 * Two Intl lookups settle a whole day: Casablanca changes offset at most once within any
 * two days, so a day that starts and ends on the same offset keeps it throughout. Only a
 * day of change is read per quarter hour — which made a cold two-week slot search cost
 * over a thousand Intl calls instead of about thirty.
 */
function offsetAtMs(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  let uniform = offsetByDay.get(day);
  if (uniform === undefined) {
    const first = offsetOfBucket((day * DAY_MS) / BUCKET_MS);
    const last = offsetOfBucket(((day + 1) * DAY_MS) / BUCKET_MS - 1);
    uniform = first === last ? first : null;
    if (offsetByDay.size >= CACHE_LIMIT) offsetByDay.clear();
    offsetByDay.set(day, uniform);
  }
  return uniform ?? offsetOfBucket(Math.floor(ms / BUCKET_MS));
}

function offsetOfBucket(bucket: number): number {
  const cached = offsetByBucket.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET_MS;
  const part: Record<string, number> = {};
  for (const { type, value } of CLOCK.formatToParts(new Date(at))) part[type] = Number(value);
  const wall = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0);
  const offset = Math.round((wall - at) / MINUTE_MS);
  if (offsetByBucket.size >= CACHE_LIMIT) offsetByBucket.clear();
  offsetByBucket.set(bucket, offset);
  return offset;
}

/** The wall clock at an instant, as if it were UTC (so `getUTC*` read local fields). */
function wallClock(instant: Date): Date {
  return new Date(instant.getTime() + offsetMinutesAt(instant) * MINUTE_MS);
}

/** The local calendar date at an instant: `2026-04-02T23:30Z` is `2026-04-03` (UTC+1), `2026-03-02T23:30Z` is `2026-03-02` (Ramadan, UTC+0). */
export function localDateOf(instant: Date): LocalDate {
  const day = Math.floor(wallClock(instant).getTime() / DAY_MS);
  let date = dateByDayNumber.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateByDayNumber.size >= CACHE_LIMIT) dateByDayNumber.clear();
    dateByDayNumber.set(day, date);
  }
  return date;
}

const dateByDayNumber = new Map<number, LocalDate>();

/** The local wall-clock time `HH:MM` at an instant (seconds dropped). */
export function localTimeOf(instant: Date): LocalTime {
  return wallClock(instant).toISOString().slice(11, 16);
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A real calendar date written `YYYY-MM-DD` (not `2026-02-30`). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== "string") return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** A wall-clock time `HH:MM` from `00:00` to `23:59`. `24:00` is accepted only by `minutesOfDay`, as a window's end. */
export function isLocalTime(value: unknown): value is LocalTime {
  return typeof value === "string" && LOCAL_TIME.test(value);
}

/** `"09:30"` → 570. `"24:00"` → 1440, so a window can end at midnight. Throws on anything else. */
export function minutesOfDay(time: LocalTime): number {
  if (time === "24:00") return 24 * 60;
  const m = LOCAL_TIME.exec(time);
  if (!m) throw new RangeError(`Not a local time HH:MM: ${JSON.stringify(time)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 570 → `"09:30"`; minutes past midnight within one day (0–1439). */
export function timeOfMinutes(minutes: number): LocalTime {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

const dayValues = new Map<LocalDate, number>();

/** Midnight UTC of a local date's calendar fields: a day number for date arithmetic, not an instant. Validated once per date. */
function dayValue(date: LocalDate): number {
  const cached = dayValues.get(date);
  if (cached !== undefined) return cached;
  if (!isLocalDate(date)) throw new RangeError(`Not a local date YYYY-MM-DD: ${JSON.stringify(date)}`);
  const value = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (dayValues.size >= CACHE_LIMIT) dayValues.clear();
  dayValues.set(date, value);
  return value;
}

/** The local date `n` calendar days later (earlier when negative). Calendar days, so a 23-hour day is still one day. */
export function addLocalDays(date: LocalDate, n: number): LocalDate {
  return new Date(dayValue(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
export function localDaysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((dayValue(b) - dayValue(a)) / DAY_MS);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const sundayZero = new Date(dayValue(date)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/**
 * The instant when Casablanca's clocks show `time` on `date`. `time` may be `24:00`
 * (midnight ending the day).
 *
 * Offset changes make some wall-clock times ambiguous or missing; this resolves them as
 * Temporal's `"compatible"` mode does:
 * - a time that happens twice (clocks set back, e.g. 02:30 on 2026-02-15 at the start of
 *   Ramadan) is the EARLIER instant;
 * - a time that never happens (clocks set forward, e.g. 02:30 on 2026-03-22) is read with
 *   the offset before the jump, which lands after it (02:30 → 03:30 local).
 * Transitions happen at night, so booking windows never meet either case in practice.
 */
export function instantAt(date: LocalDate, time: LocalTime): Date {
  return instantAtMinutes(date, minutesOfDay(time));
}

/** `instantAt` with minutes past local midnight (may be 1440 or more: later days). */
export function instantAtMinutes(date: LocalDate, minutes: number): Date {
  const wall = dayValue(date) + minutes * MINUTE_MS;
  // Casablanca changes offset at most once within any two days, so the offsets a day
  // before and a day after are the only candidates.
  const before = offsetAtMs(wall - DAY_MS);
  const after = offsetAtMs(wall + DAY_MS);
  const withBefore = wall - before * MINUTE_MS;
  if (before === after) return new Date(withBefore); // no switch near: the common case
  const withAfter = wall - after * MINUTE_MS;
  const beforeValid = withBefore + offsetAtMs(withBefore) * MINUTE_MS === wall;
  const afterValid = withAfter + offsetAtMs(withAfter) * MINUTE_MS === wall;
  if (beforeValid && afterValid) return new Date(Math.min(withBefore, withAfter)); // overlap: the earlier
  if (afterValid) return new Date(withAfter);
  return new Date(withBefore); // valid, or in a gap: the offset before the jump lands after it
}

/** The instant a local day begins (its midnight). */
export function startOfLocalDay(date: LocalDate): Date {
  return instantAtMinutes(date, 0);
}
