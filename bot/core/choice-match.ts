import type { Choice } from "./types.ts";
import { normalizeForMatch } from "./normalize.ts";

/**
 * Matches a typed answer to one of the offered choices: its number in the list (`2`,
 * `٢`), its label, or one of its keywords. WhatsApp has no buttons, so this is how most
 * people there answer.
 */
export function matchChoice(text: string, offered: readonly Choice[]): Choice | null {
  if (offered.length === 0) return null;
  const typed = normalizeForMatch(text).replace(/[.)]$/, "");
  if (typed === "") return null;
  if (/^\d{1,2}$/.test(typed)) return offered[Number(typed) - 1] ?? null;
  for (const choice of offered) {
    const candidates = [choice.label, ...(choice.keywords ?? [])].map(normalizeForMatch);
    if (candidates.includes(typed)) return choice;
  }
  return null;
}
