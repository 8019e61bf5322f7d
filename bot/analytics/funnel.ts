import { addLocalDays, isoWeekday, localDateOf, localDaysBetween, startOfLocalDay } from "../booking/local-time.ts";
import type { LocalDate } from "../booking/types.ts";
import { MILESTONES, type MilestoneType } from "../conversation/events.ts";

/** The funnel's rules, free of any database: the range asked, weeks without anybody, the CSV. */

export type FunnelCounts = Record<MilestoneType, number>;
export interface FunnelGroup {
  key: string | null;
  counts: FunnelCounts;
}

/** Twelve weeks, this one included, when no range is asked. */
export const DEFAULT_WEEKS = 12;
/** A longer range is refused: one query scans the whole period's events. */
export const MAX_RANGE_DAYS = 400;

export const FUNNEL_STEPS = MILESTONES;

/** The Monday of a local date's week (ISO weeks, as the database's date_trunc('week')). */
export function weekStart(date: LocalDate): LocalDate {
  return addLocalDays(date, 1 - isoWeekday(date));
}

/** Local days [from, to] (both included), as the instants [start of from, start of the day after to). */
export function funnelRange(now: Date, from?: LocalDate, to?: LocalDate): { from: LocalDate; to: LocalDate; start: Date; end: Date } {
  const lastDay = to ?? localDateOf(now);
  const firstDay = from ?? addLocalDays(weekStart(lastDay), -7 * (DEFAULT_WEEKS - 1));
  return { from: firstDay, to: lastDay, start: startOfLocalDay(firstDay), end: startOfLocalDay(addLocalDays(lastDay, 1)) };
}

/** An empty range or one longer than MAX_RANGE_DAYS, in words for a 400; null when fine. */
export function rangeProblem(from: LocalDate, to: LocalDate): string | null {
  const days = localDaysBetween(from, to);
  if (days < 0) return "must not be before from";
  if (days >= MAX_RANGE_DAYS) return `at most ${MAX_RANGE_DAYS} days after from`;
  return null;
}

export function zeroCounts(): FunnelCounts {
  return Object.fromEntries(FUNNEL_STEPS.map((step) => [step, 0])) as FunnelCounts;
}

/** Every conversation sits in exactly one group, so the total is the groups' sum. */
export function totalOf(groups: readonly FunnelGroup[]): FunnelCounts {
  const total = zeroCounts();
  for (const group of groups) for (const step of FUNNEL_STEPS) total[step] += group.counts[step];
  return total;
}

/** Weeks of the range nobody started in get a row of zeros, so a chart's time axis has no holes. */
export function fillWeeks(groups: readonly FunnelGroup[], from: LocalDate, to: LocalDate): FunnelGroup[] {
  const byKey = new Map(groups.map((group) => [group.key, group]));
  const filled: FunnelGroup[] = [];
  for (let week = weekStart(from); week <= to; week = addLocalDays(week, 7)) filled.push(byKey.get(week) ?? { key: week, counts: zeroCounts() });
  return filled;
}

/** RFC 4180 fields; a leading = + - @ is quoted away so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One line per group (the group's key, `unknown` when never known), then the total. */
export function funnelCsv(groupBy: string, groups: readonly FunnelGroup[]): string {
  const lines = [[groupBy, ...FUNNEL_STEPS].map(csvField).join(",")];
  for (const group of groups) lines.push([csvField(group.key ?? "unknown"), ...FUNNEL_STEPS.map((step) => String(group.counts[step]))].join(","));
  const total = totalOf(groups);
  lines.push(["total", ...FUNNEL_STEPS.map((step) => String(total[step]))].join(","));
  return `${lines.join("\r\n")}\r\n`;
}
