import type { Lang } from "../core/types.ts";
import { bareWeekday } from "../nlu/dates.ts";
import { rewriteNumberWords } from "../nlu/numbers.ts";
import { fold, normalizeText } from "../nlu/normalize.ts";
import { understand } from "../nlu/understand.ts";
import { addLocalDays, localDateOf, localTimeOf, minutesOfDay } from "./local-time.ts";
import type { LocalDate, LocalTime, Slot } from "./types.ts";

/**
 * A typed answer to "which day and time?": "ghedda f 10", "lundi matin", "نهار الاثنين
 * على 10", "l3chiya". Dates and clock times come from the understanding layer (bot/nlu);
 * this file adds what only booking needs: parts of the day, "f 10" and a bare "10" as an
 * hour, and days among those the bot just offered.
 */

export type PartOfDay = "morning" | "afternoon";

export interface TimeReading {
  date?: LocalDate;
  time?: LocalTime;
  partOfDay?: PartOfDay;
}

export interface ReadTimeOptions {
  now: Date;
  lang: Lang;
  /** The days the bot offered: "le 3" is then the offered day that is the 3rd, "lundi" this Monday if today is offered. */
  offeredDays?: readonly LocalDate[];
}

/** A slot is in the morning when it starts before this local time. */
const AFTERNOON_FROM_MINUTES = 12 * 60;

// Greetings that name the morning without choosing it: "صباح الخير", "sba7 lkhir".
const GREETINGS = /(?:صباح|sba7|sbah)\s+(?:الخير|النور|lkhir|lkher|l5ir|nour|nnour)/gu;
// Arabic script glues "f"/"b"/"l" to the word ("فالصباح", "فالعشيه"): no boundary there.
const MORNING = /(?<![\p{L}\p{N}])(?:matin|matinee|sba7|sbah|sabah|morning)(?![\p{L}\p{N}])|صباح/u;
const AFTERNOON =
  /(?<![\p{L}\p{N}])(?:apres[- ]?midi|aprem|l3chiya|la3chiya|3chiya|l3chia|l3echiya|l3achiya|ba3d (?:zwal|zzwal|dhor|dohr|ddohr)|soir|afternoon)(?![\p{L}\p{N}])|عشيه|بعد الزوال|بعد الظهر|مساء/u;
// "f 10", "fi 10", "à 10", "في 10", "ف10", "على 10": an hour after a preposition the NLU does
// not read as one ("على" is folded to "علي", which its pattern misses).
const HOUR_AFTER_PREPOSITION = /(?<![\p{L}\p{N}])(?:f|fi|a|l|li|vers|m3a|ma3a|مع|في|ف|ل|للساعه|علي|على)\s*(\d{1,2})(?:\s*[:h]\s*([0-5]\d)|\s*(?:w|و|et)\s*(nss|nos|ns|نص|نصف|demie|rb3|rob3|ربع|quart))?(?![\p{L}\p{N}/.,:])/u;
const HALF_OR_QUARTER: Record<string, number> = { nss: 30, nos: 30, ns: 30, "نص": 30, "نصف": 30, demie: 30, rb3: 15, rob3: 15, "ربع": 15, quart: 15 };
// "11 صباحا", "10 du matin", "3 d l3chiya", "2 دالعشية": an hour followed by its part of the day.
const HOUR_BEFORE_PART =
  /(?<![\p{L}\p{N}])(\d{1,2})(?:\s*h)?\s*(?:(?:du|de|d|dyal|dial|f|fi|دال|ديال|د|في|ف|ال)\s*)?(?:l\s*)?(?:matin|matinee|sba7|sbah|صباحا|صباح|الصباح|l3chiya|3chiya|la3chiya|عشيه|العشيه|apres[- ]?midi|aprem|soir|مساء|المساء)/u;
// The whole answer is an hour: "10", "14h" is read by the NLU already.
const BARE_HOUR = /^(\d{1,2})$/u;
// "le 3", "nhar 3", "نهار 3", "يوم 3": a day of the month among the offered days.
const DAY_OF_MONTH = /(?<![\p{L}\p{N}])(?:le|nhar|نهار|يوم)\s+(\d{1,2})(?![\p{L}\p{N}:h])/u;

// "الثالثة بعد الظهر", "على الساعة العاشرة": hours said as ordinals (folded: ة is ه).
const ORDINAL_HOURS: [RegExp, string][] = [
  [/الحاديه عشر[هة]?/gu, "11"], [/الثانيه عشر[هة]?/gu, "12"], [/الواحده/gu, "1"], [/الثانيه/gu, "2"], [/الثالثه/gu, "3"], [/الرابعه/gu, "4"],
  [/الخامسه/gu, "5"], [/السادسه/gu, "6"], [/السابعه/gu, "7"], [/الثامنه/gu, "8"], [/التاسعه/gu, "9"], [/العاشره/gu, "10"],
];

function withOrdinalHours(folded: string): string {
  return ORDINAL_HOURS.reduce((text, [pattern, hour]) => text.replace(pattern, ` على ${hour} `), folded).replace(/\s+/g, " ").trim();
}

/** Reads a day, a time and a part of the day from a typed message; absent parts are left out. */
export function readDayAndTime(text: string, options: ReadTimeOptions): TimeReading {
  const { now, lang, offeredDays } = options;
  const { entities } = understand(text, { now, languageHint: lang });
  const folded = rewriteNumberWords(withOrdinalHours(fold(text).replace(GREETINGS, " ")));
  const reading: TimeReading = {};
  const partOfDay = AFTERNOON.test(folded) ? "afternoon" : MORNING.test(folded) ? "morning" : undefined;
  if (partOfDay) reading.partOfDay = partOfDay;
  // A weekday said alone ("tlat", "larb3a") is the whole answer: its word is not also an hour ("tlata" is three).
  const alone = entities.date ? undefined : bareWeekday(normalizeText(text).tokens, now);
  const date = entities.date ?? (offeredDays ? offeredDayOfMonth(folded, offeredDays) : undefined) ?? alone;
  if (date) reading.date = offeredDays ? preferOffered(date, folded, offeredDays) : date;
  const time = entities.time ?? (alone ? undefined : hourAfterPreposition(folded, partOfDay));
  if (time) reading.time = time;
  return reading;
}

/**
 * Slot starts consistent with a reading, distinct and ascending: the exact time if one was
 * given, otherwise every start in the part of the day, on the date if one was given. An
 * empty reading matches nothing (the bot then asks again rather than guessing).
 */
export function matchSlot(slots: readonly Slot[], reading: TimeReading): Date[] {
  if (!reading.date && !reading.time && !reading.partOfDay) return [];
  const starts: Date[] = [];
  let last = NaN;
  for (const slot of slots) {
    const time = slot.start.getTime();
    if (time === last) continue;
    if (reading.date && localDateOf(slot.start) !== reading.date) continue;
    const clock = localTimeOf(slot.start);
    if (reading.time) {
      if (clock !== reading.time) continue;
    } else if (reading.partOfDay && partOf(clock) !== reading.partOfDay) continue;
    starts.push(new Date(time));
    last = time;
  }
  return starts;
}

/** Morning before noon, afternoon from noon (local time). */
export function partOf(time: LocalTime): PartOfDay {
  return minutesOfDay(time) < AFTERNOON_FROM_MINUTES ? "morning" : "afternoon";
}

function hourAfterPreposition(folded: string, partOfDay: PartOfDay | undefined): LocalTime | undefined {
  const m = HOUR_AFTER_PREPOSITION.exec(folded) ?? HOUR_BEFORE_PART.exec(folded) ?? BARE_HOUR.exec(folded);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : (HALF_OR_QUARTER[m[3] ?? ""] ?? 0);
  if (hour > 23) return undefined;
  // As the NLU does: platforms open in the daytime, "f 3" is three in the afternoon.
  if ((hour >= 1 && hour <= 7 && partOfDay !== "morning") || (hour < 12 && partOfDay === "afternoon")) hour += 12;
  if (hour > 23) return undefined;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

function offeredDayOfMonth(folded: string, offeredDays: readonly LocalDate[]): LocalDate | undefined {
  const m = DAY_OF_MONTH.exec(folded);
  if (!m) return undefined;
  const day = Number(m[1]);
  return offeredDays.find((date) => Number(date.slice(8, 10)) === day);
}

/**
 * The NLU reads a weekday as the next such day, so on a Monday "lundi" is next Monday.
 * When the bot offered today and not next week's day, the person meant today.
 */
function preferOffered(date: LocalDate, folded: string, offeredDays: readonly LocalDate[]): LocalDate {
  if (offeredDays.includes(date)) return date;
  const weekEarlier = addLocalDays(date, -7);
  const namesTheDay = new RegExp(`(?<![\\d:])0?${Number(date.slice(8, 10))}(?![\\d:h])`).test(folded);
  return offeredDays.includes(weekEarlier) && !namesTheDay ? weekEarlier : date;
}
