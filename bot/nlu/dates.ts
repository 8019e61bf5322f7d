import type { Token } from "./normalize.ts";

/**
 * Days and times people name when booking: `demain`, `ghedda`, `غدا`, a weekday in three
 * languages (`lundi`, `nhar letnin`, `نهار الاثنين`), `15/06`, `12 juin`; `10h`, `10:30`,
 * `m3a 10`, `الساعة 10`. Dates are relative to an injected instant, read in
 * Africa/Casablanca; the result is a local calendar date `YYYY-MM-DD` and a local time
 * `HH:MM`. Pure.
 */

export const TIME_ZONE = "Africa/Casablanca";

const LOCAL_CLOCK = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

interface LocalDay {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
}

const HOUR_MS = 3_600_000;
/** Casablanca's offset from UTC, by UTC hour: it only changes on the hour (Ramadan, summer time). */
const OFFSET_BY_HOUR = new Map<number, number>();

function offsetMs(now: Date): number {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  const cached = OFFSET_BY_HOUR.get(hour);
  if (cached !== undefined) return cached;
  const at = hour * HOUR_MS;
  const parts = LOCAL_CLOCK.formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const offset = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute")) - at;
  if (OFFSET_BY_HOUR.size > 1000) OFFSET_BY_HOUR.clear();
  OFFSET_BY_HOUR.set(hour, offset);
  return offset;
}

/** The calendar day in Casablanca at an instant. */
export function localDay(now: Date): LocalDay {
  const local = new Date(now.getTime() + offsetMs(now));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), weekday: local.getUTCDay() };
}

function iso(year: number, month: number, day: number, plusDays = 0): string {
  return new Date(Date.UTC(year, month - 1, day + plusDays)).toISOString().slice(0, 10);
}

const RELATIVE: Record<string, number> = {};
for (const word of "demain ghedda ghda ghdda ghadda gheda ghedwa ghodwa غدا غدوه غد الغد tomorrow".split(" ")) RELATIVE[word] = 1;
for (const word of "lyoum lyouma lyom اليوم ليوم ليوما today".split(" ")) RELATIVE[word] = 0;

/** Weekday words; those that are also ordinary words need `nhar`/`نهار`/`يوم` before them. */
const WEEKDAYS: Record<string, number> = {};
const WEEKDAYS_AFTER_NHAR: Record<string, number> = {};
const days = (target: Record<string, number>, weekday: number, words: string) => {
  for (const word of words.split(" ")) target[word] = weekday;
};
days(WEEKDAYS, 0, "dimanche l7ed l7ad lhed l7add lhad الاحد لحد");
days(WEEKDAYS, 1, "lundi letnin ltnin etnin lethnin lthnin lithnin ltnine lethnine tnin tnine ltnayn الاثنين الاتنين التنين لاثنين لتنين");
days(WEEKDAYS, 2, "mardi ltlat ttlat ltlata ttlata ltelat الثلاثاء الثلاثا التلات الثلات لتلات");
days(WEEKDAYS, 3, "mercredi larb3 larbe3 larba3 arb3a larb3a lirb3a larbaa الاربعاء الاربعا لاربع الاربع لاربعاء");
days(WEEKDAYS, 4, "jeudi lkhmis khmis lkhemis khemis l5mis l5miss lkhmiss lkhamis الخميس لخميس");
days(WEEKDAYS, 5, "vendredi jem3a jm3a ljem3a ljm3a joumou3a jouma3 jom3a ljom3a jomaa ljoum3a joum3a الجمعه لجمعه");
days(WEEKDAYS, 6, "samedi sebt sabt ssebt ssabt sbt lsebt السبت لسبت");
days(WEEKDAYS_AFTER_NHAR, 0, "had 7ad 7ed الحد حد احد");
days(WEEKDAYS_AFTER_NHAR, 2, "tlat tlata تلات ثلاثاء");
days(WEEKDAYS_AFTER_NHAR, 3, "larb3a arba3 اربعاء");
days(WEEKDAYS_AFTER_NHAR, 5, "جمعه");
const DAY_WORDS = new Set(["nhar", "nhare", "نهار", "يوم", "le", "ce"]);

/**
 * Weekday names that are also number words ("الاثنين" is "the two", "arb3a" is "four"):
 * never read as numbers. Not the words that need "nhar" ("tlata" alone is three).
 */
export function isWeekdayWord(form: string): boolean {
  return form in WEEKDAYS;
}

const MONTHS: Record<string, number> = {};
const months = (words: string) => words.split(" ").forEach((word, i) => (MONTHS[word] = i + 1));
months("janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre");
months("يناير فبراير مارس ابريل ماي يونيو يوليوز غشت شتنبر اكتوبر نونبر دجنبر");

/**
 * A weekday said alone, answering "which day?": also the words that elsewhere need
 * "nhar" before them ("larb3a", "tlat", "حد"), since the question gives the context.
 */
export function bareWeekday(tokens: readonly Token[], now: Date): string | undefined {
  const words = tokens.filter((token) => !DAY_WORDS.has(token.form) && !["f", "fi", "في", "ف", "a", "pour"].includes(token.form));
  if (words.length !== 1) return undefined;
  const form = words[0]!.form;
  const weekday = WEEKDAYS[form] ?? WEEKDAYS_AFTER_NHAR[form] ?? WEEKDAYS_AFTER_NHAR[form.replace(/^l(?=[a-z0-9])/, "")];
  if (weekday === undefined) return undefined;
  const today = localDay(now);
  return iso(today.year, today.month, today.day, (weekday - today.weekday + 7) % 7 || 7);
}

/** The first date named in the message, as a local `YYYY-MM-DD`, or undefined. */
export function findDate(tokens: readonly Token[], folded: string, now: Date): string | undefined {
  const today = localDay(now);
  const explicit = explicitDate(folded, today);
  if (explicit) return explicit;
  for (let i = 0; i < tokens.length; i++) {
    const form = tokens[i]?.form ?? "";
    const previous = tokens[i - 1]?.form ?? "";
    // "après-demain", "ba3d ghedda", "بعد غدا".
    if (RELATIVE[form] === 1 && (previous === "apres" || previous === "ba3d" || previous === "بعد")) {
      return iso(today.year, today.month, today.day, 2);
    }
    if (form === "aujourd" && tokens[i + 1]?.form === "hui") return iso(today.year, today.month, today.day);
    // "ce matin", "cet aprem", "ce soir", "had l3chiya", "هاد العشية": today.
    if (["ce", "cet", "had", "هاد", "هذا", "هذه"].includes(form) && /^(?:matin|apres|aprem|soir|sba7|sbah|l3chiya|3chiya|العشيه|الصباح|المساء|الظهر)$/.test(tokens[i + 1]?.form ?? "")) {
      return iso(today.year, today.month, today.day);
    }
    const relative = RELATIVE[form];
    if (relative !== undefined) return iso(today.year, today.month, today.day, relative);
    const weekday = WEEKDAYS[form] ?? (DAY_WORDS.has(previous) ? WEEKDAYS_AFTER_NHAR[form] : undefined);
    // "mercredi 16", "الخميس 17": the weekday's date that falls on that day of the month.
    const dayNumber = weekday !== undefined && /^\d{1,2}$/.test(tokens[i + 1]?.form ?? "") ? Number(tokens[i + 1]!.form) : undefined;
    if (weekday !== undefined && dayNumber !== undefined && dayNumber >= 1 && dayNumber <= 31) {
      for (let ahead = 0; ahead < 62; ahead += 1) {
        const candidate = iso(today.year, today.month, today.day, ahead);
        const date = new Date(`${candidate}T12:00:00Z`);
        if (date.getUTCDate() === dayNumber && date.getUTCDay() === weekday) return candidate;
      }
    }
    if (weekday !== undefined) {
      // The next such day; today's weekday means the same day next week.
      const ahead = (weekday - today.weekday + 7) % 7 || 7;
      return iso(today.year, today.month, today.day, ahead);
    }
  }
  return undefined;
}

// "15/06", "15/06/2025", "15-06-2025"; not "1.5" (an amount) nor "10:30".
const NUMERIC_DATE = /(?<![\d/.,-])(\d{1,2})(?:\/(\d{1,2})(?:\/(\d{2,4}))?|[.-](\d{1,2})[.-](\d{2,4}))(?![\d/.,-])/u;
const NAMED_DATE = /(?<![\p{L}\p{N}])(\d{1,2})\s+([\p{L}]+)(?:\s+(\d{4}))?/gu;

function explicitDate(folded: string, today: LocalDay): string | undefined {
  const numeric = NUMERIC_DATE.exec(folded);
  if (numeric) {
    const found = calendarDate(Number(numeric[1]), Number(numeric[2] ?? numeric[4]), numeric[3] ?? numeric[5], today);
    if (found) return found;
  }
  NAMED_DATE.lastIndex = 0;
  for (let m = NAMED_DATE.exec(folded); m; m = NAMED_DATE.exec(folded)) {
    const month = MONTHS[m[2] ?? ""];
    if (month) return calendarDate(Number(m[1]), month, m[3], today);
  }
  return undefined;
}

/** A day and month (and maybe year) ahead of today; past dates are birthdays, not bookings. */
function calendarDate(day: number, month: number, rawYear: string | undefined, today: LocalDay): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  let year = rawYear ? Number(rawYear.length === 2 ? `20${rawYear}` : rawYear) : today.year;
  const candidate = new Date(Date.UTC(year, month - 1, day));
  if (candidate.getUTCMonth() !== month - 1) return undefined;
  const todayUtc = Date.UTC(today.year, today.month - 1, today.day);
  if (candidate.getTime() < todayUtc) {
    if (rawYear) return undefined;
    year++;
  }
  return iso(year, month, day);
}

const CLOCK = /(?<![\d:/.])([01]?\d|2[0-3])\s*(?::|h|heures?)\s*([0-5]\d)?(?![\p{L}\d])/u;
const SPOKEN =
  /(?<![\p{L}\p{N}])(?:m3a|ma3a|m3aa|mea|3la|vers|مع|على|حوالي)\s+(?:(?:الساعه|sa3a|ssa3a|l)\s*)?(\d{1,2})(?:\s*(?:w|و|et)\s*(nss|nos|ns|nass|نص|نصف|demie|rb3|rob3|reb3|ربع|quart|tolt|ثلث))?(?![\p{L}\p{N}]|\s*(?:ans?|3am|سنه|عام|dh|درهم|alf|الف|k)(?![\p{L}]))/u;
const HOUR_WORD = /(?<![\p{L}\p{N}])(?:الساعه|sa3a|ssa3a)\s+(\d{1,2})(?![\p{L}\p{N}])/u;
const MORNING = /matin|sba7|sbah|صباحا|الصباح|صباح|\bam\b/u;
const EVENING = /soir|apres midi|l3chiya|la3chiya|3chiya|مساء|العشيه|بعد الزوال|\bpm\b/u;
const FRACTION: Record<string, number> = {
  nss: 30, nos: 30, ns: 30, nass: 30, "نص": 30, "نصف": 30, demie: 30, rb3: 15, rob3: 15, reb3: 15, "ربع": 15, quart: 15, tolt: 20, "ثلث": 20,
};

/** The first time of day named, as `HH:MM`, or undefined. Hours 1–7 mean afternoon unless "matin". */
export function findTime(folded: string): string | undefined {
  let hour: number | undefined;
  let minute = 0;
  const clock = CLOCK.exec(folded);
  const spoken = SPOKEN.exec(folded) ?? HOUR_WORD.exec(folded);
  if (clock) {
    hour = Number(clock[1]);
    minute = clock[2] ? Number(clock[2]) : 0;
  } else if (spoken) {
    hour = Number(spoken[1]);
    minute = FRACTION[spoken[2] ?? ""] ?? 0;
  }
  if (hour === undefined || hour > 23) return undefined;
  // Platforms open in the daytime: "m3a 3" is three in the afternoon.
  if (hour >= 1 && hour <= 7 && !MORNING.test(folded)) hour += 12;
  else if (hour < 12 && EVENING.test(folded)) hour += 12;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
