import { addLocalDays, instantAtMinutes, localDateOf } from "./local-time.ts";
import type { AdvisorSchedule, AvailabilityException, BusyInterval, LocalDate, Slot } from "./types.ts";
import { dayWindows } from "./windows.ts";

export { distinctStarts, freeDays, nextFreeSlots, pickAdvisor, slotsOnDay } from "./slot-lists.ts";

const MINUTE_MS = 60_000;

export interface SlotQuery {
  schedules: readonly AdvisorSchedule[];
  /** Confirmed appointments of these advisors (at any site): they block time and count towards caps. */
  busy: readonly BusyInterval[];
  now: Date;
  /** Only slots starting at or after this instant. */
  from?: Date;
  /** Only slots starting before this instant. */
  to?: Date;
}

/**
 * The free slots of some advisors, computed from their rules (never stored):
 *
 * - local days from today to today + `horizonDays`, both included (0: today only);
 * - each day's windows: weekly windows minus `off` exceptions plus `extra` ones (windows.ts);
 * - slots of `meetingMinutes` laid back to back from each window's start with
 *   `bufferMinutes` between them, each ending within its window;
 * - none starting before now + `minNoticeMinutes`;
 * - none overlapping a busy interval of the advisor widened by the buffer on both sides,
 *   so a meeting booked off the grid still keeps its buffer;
 * - no slot at all on a local day where the advisor already has `dailyCap` meetings
 *   (counted by the local day they start, all sites together).
 *
 * Sorted by start, then advisor, then site. Pure: the same answer under any machine `TZ`.
 */
export function computeSlots(query: SlotQuery): Slot[] {
  const { now, from, to } = query;
  const busyByAdvisor = groupBusy(query.busy);
  const today = localDateOf(now);
  const slots: Slot[] = [];
  for (const schedule of query.schedules) {
    if (!(schedule.meetingMinutes > 0)) throw new RangeError(`meetingMinutes must be positive for advisor ${schedule.advisorId}`);
    const busy = busyByAdvisor.get(schedule.advisorId) ?? { blocks: [], perDay: new Map<LocalDate, number>() };
    let block = 0; // slot starts only grow below, so busy blocks already passed stay passed
    const meetingMs = schedule.meetingMinutes * MINUTE_MS;
    const bufferMs = Math.max(0, schedule.bufferMinutes) * MINUTE_MS;
    const step = schedule.meetingMinutes + Math.max(0, schedule.bufferMinutes);
    const earliest = Math.max(now.getTime() + schedule.minNoticeMinutes * MINUTE_MS, from?.getTime() ?? -Infinity);
    const latest = to?.getTime() ?? Infinity;
    let day = from && localDateOf(from) > today ? localDateOf(from) : today;
    let lastDay = addLocalDays(today, schedule.horizonDays);
    if (to && localDateOf(to) < lastDay) lastDay = localDateOf(to);
    const exceptions = exceptionsByDate(schedule.exceptions);
    for (; day <= lastDay; day = addLocalDays(day, 1)) {
      if ((busy.perDay.get(day) ?? 0) >= schedule.dailyCap) continue;
      for (const window of dayWindows(schedule.weekly, exceptions.get(day) ?? [], day)) {
        const windowEnd = instantAtMinutes(day, window.end).getTime();
        for (let minute = window.start; minute + schedule.meetingMinutes <= window.end; minute += step) {
          const start = instantAtMinutes(day, minute).getTime();
          const end = start + meetingMs;
          if (end > windowEnd || start >= latest) break;
          if (start < earliest) continue;
          while (block < busy.blocks.length && (busy.blocks[block]?.end ?? 0) + bufferMs <= start) block++;
          // Blocks are disjoint and sorted: only the first not yet passed can meet this slot.
          if ((busy.blocks[block]?.start ?? Infinity) - bufferMs < end) continue;
          slots.push({ siteId: schedule.siteId, advisorId: schedule.advisorId, start: new Date(start), end: new Date(end) });
        }
      }
    }
  }
  return slots.sort(bySlotOrder);
}

interface AdvisorBusy {
  /** Busy time as disjoint blocks in ms, sorted (overlapping meetings merged). */
  blocks: { start: number; end: number }[];
  /** Meetings per local day of their start, for the daily cap. */
  perDay: Map<LocalDate, number>;
}

function groupBusy(busy: readonly BusyInterval[]): Map<string, AdvisorBusy> {
  const byAdvisor = new Map<string, AdvisorBusy>();
  for (const interval of busy) {
    let entry = byAdvisor.get(interval.advisorId);
    if (!entry) byAdvisor.set(interval.advisorId, (entry = { blocks: [], perDay: new Map() }));
    entry.blocks.push({ start: interval.start.getTime(), end: interval.end.getTime() });
    const day = localDateOf(interval.start);
    entry.perDay.set(day, (entry.perDay.get(day) ?? 0) + 1);
  }
  for (const entry of byAdvisor.values()) entry.blocks = mergeBlocks(entry.blocks);
  return byAdvisor;
}

function mergeBlocks(blocks: { start: number; end: number }[]): { start: number; end: number }[] {
  const merged: { start: number; end: number }[] = [];
  for (const block of blocks.sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && block.start <= last.end) last.end = Math.max(last.end, block.end);
    else merged.push({ ...block });
  }
  return merged;
}

function exceptionsByDate(exceptions: readonly AvailabilityException[]): Map<LocalDate, AvailabilityException[]> {
  const byDate = new Map<LocalDate, AvailabilityException[]>();
  for (const exception of exceptions) {
    const list = byDate.get(exception.date);
    if (list) list.push(exception);
    else byDate.set(exception.date, [exception]);
  }
  return byDate;
}

export function bySlotOrder(a: Slot, b: Slot): number {
  return a.start.getTime() - b.start.getTime() || compare(a.advisorId, b.advisorId) || compare(a.siteId, b.siteId);
}

/** Code-unit order, the same on every machine (unlike `localeCompare`). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
