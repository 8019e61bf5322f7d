import { rememberLast } from "../../lib/memo.ts";

/**
 * Light normalisation for matching commands and choice labels across French, Arabic and
 * Darija (both scripts). The understanding layer (issue 5) builds on the same idea.
 */

const ARABIC_DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
// Control characters except tab and newline, plus bidi controls people paste by accident.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Removes invisible and control characters but keeps what the person wrote. */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, "").replace(/\r\n?/g, "\n").trim();
}

// Phones type curly apostrophes and quotes (’ “ ” « »), and dashes of every length.
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u00B4`]/g;
const QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
const SPACES = /[\u00A0\u2007\u202F\u2009\u200A]/g;

/**
 * Straight apostrophes, quotes, dashes and spaces for what phones type curly or special
 * ("je m’appelle", "c’est", "10–12"), before anything reads the text; the words stay as typed.
 */
export function tidyTypography(text: string): string {
  return text.replace(APOSTROPHES, "'").replace(QUOTES, '"').replace(DASHES, "-").replace(SPACES, " ").replace(/\u2026/g, "...");
}

/**
 * A comparable form: lowercase, no accents or Arabic diacritics, unified letter variants.
 * Remembered: every turn compares the person's words with the same labels and keywords.
 */
export const normalizeForMatch: (text: string) => string = rememberLast(formForMatch);

function formForMatch(text: string): string {
  return cleanText(text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // Latin accents (é -> e)
    .toLowerCase()
    .replace(ARABIC_DIACRITICS, "")
    .replace(TATWEEL, "")
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[^\p{L}\p{N}\s/]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when the text holds at least one letter or digit (not only emoji or punctuation). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
