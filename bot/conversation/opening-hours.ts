import { addLocalDays, instantAtMinutes, localDateOf } from "../booking/local-time.ts";
import type { AdvisorSchedule } from "../booking/types.ts";
import { dayWindows } from "../booking/windows.ts";

/** When a site's advisors can answer: now, or from the next opening (null: no hours known). */
export interface SiteOpening {
  openNow: boolean;
  nextOpeningAt: Date | null;
}

/** Far enough to cross a long holiday; a site closed longer than this has no known opening. */
const LOOKAHEAD_DAYS = 21;

/**
 * A site is open while any of its advisors has an open window (their weekly hours minus
 * leave and holidays, plus extra openings: the same windows the booking slots come from).
 * Outside them, the next opening is the earliest window start after now. Pure.
 */
export function siteOpening(schedules: readonly AdvisorSchedule[], now: Date): SiteOpening {
  if (schedules.length === 0) return { openNow: false, nextOpeningAt: null };
  const today = localDateOf(now);
  let next: Date | null = null;
  for (let offset = 0; offset <= LOOKAHEAD_DAYS && !next; offset += 1) {
    const date = addLocalDays(today, offset);
    for (const schedule of schedules) {
      for (const window of dayWindows(schedule.weekly, schedule.exceptions, date)) {
        const start = instantAtMinutes(date, window.start);
        const end = instantAtMinutes(date, window.end);
        if (start <= now && now < end) return { openNow: true, nextOpeningAt: null };
        if (start > now && (!next || start < next)) next = start;
      }
    }
  }
  return { openNow: false, nextOpeningAt: next };
}

/** Openings of every site that has advisors, keyed by site id. */
export function openingsBySite(schedules: readonly AdvisorSchedule[], now: Date): Record<string, SiteOpening> {
  const bySite = new Map<string, AdvisorSchedule[]>();
  for (const schedule of schedules) bySite.set(schedule.siteId, [...(bySite.get(schedule.siteId) ?? []), schedule]);
  return Object.fromEntries([...bySite].map(([siteId, list]) => [siteId, siteOpening(list, now)]));
}
