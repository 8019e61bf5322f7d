import { addLocalDays, localDateOf } from "../../bot/booking/local-time.ts";
import { computeSlots } from "../../bot/booking/slots.ts";
import { loadSchedules } from "../../db/availability.ts";
import { busyIntervals } from "../../db/booking.ts";
import type { Db } from "../../db/client.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A site's free times in [from, to), each start once (people choose a time, not an
 * advisor; the advisor is picked when booking). Busy time is read a day beyond each end
 * so the daily caps of the first and last local days are counted whole.
 */
export async function siteFreeTimes(db: Db, siteId: string, now: Date, from: Date, to: Date): Promise<{ start: Date; end: Date }[]> {
  const schedules = await loadSchedules(db, { siteId, since: addLocalDays(localDateOf(from), -1) });
  if (schedules.length === 0) return [];
  const advisorIds = [...new Set(schedules.map((schedule) => schedule.advisorId))];
  const busy = await busyIntervals(db, advisorIds, new Date(from.getTime() - DAY_MS), new Date(to.getTime() + DAY_MS));
  const seen = new Set<number>();
  const times: { start: Date; end: Date }[] = [];
  for (const slot of computeSlots({ schedules, busy, now, from, to })) {
    if (seen.has(slot.start.getTime())) continue;
    seen.add(slot.start.getTime());
    times.push({ start: slot.start, end: slot.end });
  }
  return times;
}
