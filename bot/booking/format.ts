import type { Lang } from "../core/types.ts";
import { isoWeekday, localDateOf, localTimeOf, minutesOfDay } from "./local-time.ts";
import type { LocalDate, LocalTime } from "./types.ts";

/**
 * Days and times as people read them, in Casablanca's time: "lundi 3 mars à 10 h",
 * "الاثنين 3 مارس على الساعة 10:00", "نهار الاثنين 3 مارس على 10:00". Plain tables, not
 * Intl: its ar-MA months are right (غشت, شتنبر, نونبر) but its phrasing is not ("الأحد، 22
 * نونبر في 23:57", and "10:00" rather than "10 h" in French), and it varies with the ICU
 * build. Months are the Moroccan forms in Arabic and Darija. Western digits throughout,
 * as in Moroccan print and chat.
 */

/** Index 0 is Monday (ISO weekday 1). */
const WEEKDAYS: Record<Lang, readonly string[]> = {
  fr: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
  ar: ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
  // Darija says الحد for Sunday.
  ary: ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الحد"],
};

const MOROCCAN_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"];

/** Index 0 is January. */
const MONTHS: Record<Lang, readonly string[]> = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  ar: MOROCCAN_MONTHS,
  ary: MOROCCAN_MONTHS,
};

/** "lundi 3 mars" (1er for the first), "الاثنين 3 مارس", "نهار الاثنين 3 مارس". No year: slots are weeks ahead at most. */
export function formatDay(date: LocalDate, lang: Lang): string {
  const weekday = WEEKDAYS[lang][isoWeekday(date) - 1] ?? "";
  const month = MONTHS[lang][Number(date.slice(5, 7)) - 1] ?? "";
  const day = Number(date.slice(8, 10));
  switch (lang) {
    case "fr":
      return `${weekday} ${day === 1 ? "1er" : day} ${month}`;
    case "ar":
      return `${weekday} ${day} ${month}`;
    case "ary":
      return `نهار ${weekday} ${day} ${month}`;
  }
}

/** "30 juin 2027", "30 يونيو 2027": a day that may be months away (a call's deadline), with its year. */
export function formatDate(date: LocalDate, lang: Lang): string {
  const month = MONTHS[lang][Number(date.slice(5, 7)) - 1] ?? "";
  const day = Number(date.slice(8, 10));
  return `${lang === "fr" && day === 1 ? "1er" : day} ${month} ${date.slice(0, 4)}`;
}

/** "10 h", "10 h 30" in French; "10:00", "9:30" in Arabic and Darija. */
export function formatTime(time: LocalTime, lang: Lang): string {
  const minutes = minutesOfDay(time);
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  if (lang === "fr") return minute === 0 ? `${hour} h` : `${hour} h ${String(minute).padStart(2, "0")}`;
  return `${hour}:${String(minute).padStart(2, "0")}`;
}

/** A day and time together: "lundi 3 mars à 10 h", "الاثنين 3 مارس على الساعة 10:00", "نهار الاثنين 3 مارس على 10:00". */
export function formatDayAndTime(date: LocalDate, time: LocalTime, lang: Lang): string {
  const day = formatDay(date, lang);
  const clock = formatTime(time, lang);
  switch (lang) {
    case "fr":
      return `${day} à ${clock}`;
    case "ar":
      return `${day} على الساعة ${clock}`;
    case "ary":
      return `${day} على ${clock}`;
  }
}

/** An instant as Casablanca's clocks show it, in the user's language. */
export function formatSlot(instant: Date, lang: Lang): string {
  return formatDayAndTime(localDateOf(instant), localTimeOf(instant), lang);
}
