import { localDateOf } from "./local-time.ts";
import type { BusyInterval, LocalDate, Slot } from "./types.ts";

/**
 * What the chat shows from a list of free slots. People choose a time, not an advisor:
 * two advisors free at 10:00 make one "10:00", and the advisor is picked when booking.
 * Every function expects slots as `computeSlots` returns them (sorted by start).
 */

/** Each start once, ascending. */
export function distinctStarts(slots: readonly Slot[]): Date[] {
  const starts: Date[] = [];
  let last = NaN;
  for (const slot of slots) {
    const time = slot.start.getTime();
    if (time !== last) starts.push(new Date(time));
    last = time;
  }
  return starts;
}

/**
 * The slot to book when someone picks `start`: among the advisors free then, the one with
 * the fewest confirmed meetings that local day (spreading the load), ties by advisor id.
 * `null` when nobody is free at that instant.
 */
export function pickAdvisor(slots: readonly Slot[], start: Date, busy: readonly BusyInterval[]): Slot | null {
  const free = slots.filter((slot) => slot.start.getTime() === start.getTime());
  if (free.length === 0) return null;
  const day = localDateOf(start);
  const load = new Map<string, number>();
  for (const interval of busy) {
    if (localDateOf(interval.start) === day) load.set(interval.advisorId, (load.get(interval.advisorId) ?? 0) + 1);
  }
  let best: Slot | null = null;
  for (const slot of free) {
    if (!best) {
      best = slot;
      continue;
    }
    const byLoad = (load.get(slot.advisorId) ?? 0) - (load.get(best.advisorId) ?? 0);
    if (byLoad < 0 || (byLoad === 0 && slot.advisorId < best.advisorId)) best = slot;
  }
  return best;
}

/** Local dates with at least one free slot, ascending. */
export function freeDays(slots: readonly Slot[]): LocalDate[] {
  const days = new Set<LocalDate>();
  for (const slot of slots) days.add(localDateOf(slot.start));
  return [...days].sort();
}

/** The slots starting on one local date. */
export function slotsOnDay(slots: readonly Slot[], date: LocalDate): Slot[] {
  return slots.filter((slot) => localDateOf(slot.start) === date);
}

/**
 * Up to `n` slots with distinct starts strictly after `after`, for "that slot was just
 * taken, here are the next ones". Pass slots computed after the loss, so the taken one is
 * gone (another advisor free at the same time would have been picked already).
 */
export function nextFreeSlots(slots: readonly Slot[], after: Date, n: number): Slot[] {
  const next: Slot[] = [];
  let last = NaN;
  for (const slot of slots) {
    if (next.length >= n) break;
    const time = slot.start.getTime();
    if (time <= after.getTime() || time === last) continue;
    next.push(slot);
    last = time;
  }
  return next;
}
