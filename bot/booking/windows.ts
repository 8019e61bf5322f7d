import { isoWeekday, minutesOfDay } from "./local-time.ts";
import type { AvailabilityException, LocalDate, WeeklyWindow } from "./types.ts";

/** A stretch of one local day, in minutes past local midnight: `[start, end)`. */
export interface MinuteWindow {
  start: number;
  end: number;
}

const DAY_MINUTES = 24 * 60;

/**
 * An advisor's open time on one local date: the weekly windows of its ISO weekday, minus
 * the `off` exceptions, plus the `extra` ones, merged where they overlap or touch (so a
 * weekly 09:00–12:00 and an extra 11:00–14:00 give one window and no doubled slots).
 *
 * An `off` without `start` runs from midnight, without `end` to midnight: without both it
 * is the whole day. An `extra` needs both; one without is ignored. Extras are added after
 * the `off`s are removed, so an extra window on a holiday still opens.
 */
export function dayWindows(weekly: readonly WeeklyWindow[], exceptions: readonly AvailabilityException[], date: LocalDate): MinuteWindow[] {
  const weekday = isoWeekday(date);
  let open: MinuteWindow[] = weekly.filter((w) => w.weekday === weekday).map(toMinutes);
  const extras: MinuteWindow[] = [];
  for (const exception of exceptions) {
    if (exception.date !== date) continue;
    if (exception.kind === "off") {
      const off = {
        start: exception.start ? minutesOfDay(exception.start) : 0,
        end: exception.end ? minutesOfDay(exception.end) : DAY_MINUTES,
      };
      open = open.flatMap((window) => subtract(window, off));
    } else if (exception.start && exception.end) {
      extras.push(toMinutes({ start: exception.start, end: exception.end }));
    }
  }
  return merge([...open, ...extras]);
}

function toMinutes(window: { start: string; end: string }): MinuteWindow {
  return { start: minutesOfDay(window.start), end: minutesOfDay(window.end) };
}

function subtract(window: MinuteWindow, off: MinuteWindow): MinuteWindow[] {
  if (off.end <= window.start || off.start >= window.end) return [window];
  const pieces: MinuteWindow[] = [];
  if (off.start > window.start) pieces.push({ start: window.start, end: off.start });
  if (off.end < window.end) pieces.push({ start: off.end, end: window.end });
  return pieces;
}

function merge(windows: MinuteWindow[]): MinuteWindow[] {
  const sorted = windows.filter((w) => w.end > w.start).sort((a, b) => a.start - b.start);
  const merged: MinuteWindow[] = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last && window.start <= last.end) last.end = Math.max(last.end, window.end);
    else merged.push({ ...window });
  }
  return merged;
}
