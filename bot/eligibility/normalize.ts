/**
 * How rule values and answers meet. Enum-like fields compare lowercased; a locality is
 * free text typed by people and by staff, so it also loses accents, Arabic short vowels
 * and hamza seats, and treats hyphens, apostrophes and spaces alike
 * ("Oued-Zem", "oued zem" and "Oued Zém" are one place).
 */

const COMBINING_MARKS = /\p{M}+/gu;
const SEPARATORS = /[\s\-_'’`.,]+/g;
const ALEF_VARIANTS = /[أإآٱ]/g;

export function normalizePlace(text: string): string {
  return text
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .toLowerCase()
    .replace(ALEF_VARIANTS, "ا")
    .replace(/ة/g, "ه")
    .replace(/ى/g, "ي")
    .replace(/ـ/g, "") // tatweel, a stretching stroke
    .replace(SEPARATORS, " ")
    .trim();
}

/** Normalises a rule value or an answer for the field it belongs to. */
export function normalizeValue(field: string, value: string): string {
  return field === "locality" ? normalizePlace(value) : value.toLowerCase();
}
