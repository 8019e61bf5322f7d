import type { Choice } from "./types.ts";
import { normalizeForMatch } from "./normalize.ts";

/**
 * Matches a typed answer to one of the offered choices: its number in the list (`2`,
 * `٢`), its label, or one of its keywords. WhatsApp has no buttons, so this is how most
 * people there answer. People also wrap the answer in a few words ("3la projet dyali",
 * "c'est homme", "انا راجل 3afak"): those are taken off first, and a short message that
 * holds a synonym of exactly one choice means that choice.
 */
export function matchChoice(text: string, offered: readonly Choice[], options: { contained?: boolean; except?: string } = {}): Choice | null {
  if (offered.length === 0) return null;
  const typed = normalizeForMatch(text).replace(/[.)]$/, "");
  if (typed === "") return null;
  if (/^\d{1,2}$/.test(typed)) return offered[Number(typed) - 1] ?? null;
  const candidates = offered.map((choice) => [choice.label, ...(choice.keywords ?? [])].map(normalizeForMatch).filter((form) => form !== ""));
  // One option only: "Khouribga" names two platforms there, and the readers ask which.
  const exact = (form: string) => {
    const found = offered.filter((_, index) => candidates[index]!.includes(form));
    return found.length === 1 ? found[0]! : null;
  };
  const found = exact(typed) ?? exact(withoutWrapping(typed));
  if (found) return found;
  // Labels are phrases of their own ("Mes données" in "supprimer mes données"): only synonyms count from inside.
  // Where free text answers, or for "I don't know" ("ma3reftch, khayfa mn tamwil" is a worry), nothing counts from inside.
  if (options.contained === false) return null;
  const keywords = offered.map((choice) => (choice.id === options.except ? [] : (choice.keywords ?? []).map(normalizeForMatch).filter((form) => form !== "")));
  return containedChoice(withoutWrapping(typed), offered, keywords);
}

// Words around an answer that do not change it: "على", "3la", "c'est", "ana", "svp", "3afak".
const LEADING = new Set(["3la", "ala", "على", "عل", "f", "fi", "في", "ف", "c", "est", "ce", "je", "suis", "ana", "انا", "rani", "راني", "plutot", "euh", "hadi", "هادي", "l", "le", "la", "les", "pour", "sur", "de", "du", "mon", "ma", "mes", "un", "une"]);
const TRAILING = new Set(["svp", "stp", "3afak", "afak", "عفاك", "merci", "chokran", "شكرا", "من", "فضلك", "please", "plz"]);

function withoutWrapping(typed: string): string {
  const words = typed.split(" ");
  let start = 0;
  let end = words.length;
  while (start < end - 1 && LEADING.has(words[start]!)) start += 1;
  while (end > start + 1 && TRAILING.has(words[end - 1]!)) end -= 1;
  return words.slice(start, end).join(" ");
}

/** A message this short is an answer, not a sentence about something else. */
const MAX_CONTAINING_WORDS = 4;
/** Shorter keywords ("ah", "la") are too common to mean a choice from inside a message. */
const MIN_CONTAINED_LENGTH = 3;

function containedChoice(typed: string, offered: readonly Choice[], candidates: readonly string[][]): Choice | null {
  const words = typed.split(" ");
  if (words.length > MAX_CONTAINING_WORDS) return null;
  const padded = ` ${typed} `;
  const matching = offered.filter((_, index) =>
    candidates[index]!.some((form) => form.length >= MIN_CONTAINED_LENGTH && !/^\d+$/.test(form) && padded.includes(` ${form} `)),
  );
  return matching.length === 1 ? matching[0]! : null;
}
